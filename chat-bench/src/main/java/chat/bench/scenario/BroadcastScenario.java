package chat.bench.scenario;

import chat.bench.BenchException;
import chat.bench.BenchOptions;
import chat.bench.BenchResult;
import chat.bench.stats.ConnectResult;
import chat.bench.stats.PhaseResult;
import java.io.PrintStream;
import java.util.List;

/** N clients in one room, S senders at an aggregate rate: one warm-up, one measured window. */
final class BroadcastScenario {
    private final BenchOptions o;

    BroadcastScenario(BenchOptions o) {
        this.o = o;
    }

    BenchResult run(PrintStream progressOut) throws BenchException {
        Topology topology = Topology.oneRoom(o.clients(), o.senders(), 0, o.room());
        try (Session s = new Session(o, topology, progressOut)) {
            ConnectResult connect = s.connect();
            s.requireConnected(connect, 2);
            PhaseResult phase = s.phases().run("broadcast", o.rate(), o.warmup(), o.duration());
            return s.result(connect, null, List.of(phase), null, null);
        }
    }
}
