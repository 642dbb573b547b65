package chat.bench.scenario;

import chat.bench.BenchException;
import chat.bench.BenchOptions;
import chat.bench.BenchResult;
import chat.bench.stats.ConnectResult;
import chat.bench.stats.PhaseResult;
import java.io.PrintStream;
import java.util.List;

/**
 * M rooms of K members ({@code ?room=<prefix><i>}), senders spread evenly over the rooms, the aggregate rate
 * shared by all senders. Reports the broadcast figures summed plus per-room correctness; a delivery into a
 * room other than its sender's is a wrong-room error.
 */
final class RoomsScenario {
    private final BenchOptions o;

    RoomsScenario(BenchOptions o) {
        this.o = o;
    }

    BenchResult run(PrintStream progressOut) throws BenchException {
        Topology topology = Topology.rooms(o.rooms(), o.effectiveRoomSize(), o.senders() / o.rooms(), o.roomPrefix());
        try (Session s = new Session(o, topology, progressOut)) {
            ConnectResult connect = s.connect();
            s.requireConnected(connect, 2);
            PhaseResult phase = s.phases().run("rooms", o.rate(), o.warmup(), o.duration());
            return s.result(connect, null, List.of(phase), null, null);
        }
    }
}
