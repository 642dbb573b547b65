package chat.bench.scenario;

import chat.bench.BenchException;
import chat.bench.BenchOptions;
import chat.bench.BenchResult;
import chat.bench.client.BenchClient;
import chat.bench.stats.ConnectResult;
import chat.bench.stats.PhaseResult;
import chat.bench.stats.SlowReport;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Broadcast plus --slow clients that stop reading. Phase 1 ("baseline") runs with the slow clients still
 * reading; phase 2 ("with-slow") runs after they called setAutoRead(false). Then the queued bytes are read
 * from /proc/net/tcp, the slow clients resume reading to learn how the server treated them (close code and
 * reason, reset, or still open), and the other clients' p99 of both phases is compared.
 */
final class SlowScenario {
    private final BenchOptions o;

    SlowScenario(BenchOptions o) {
        this.o = o;
    }

    BenchResult run(PrintStream progressOut) throws BenchException {
        Topology topology = Topology.oneRoom(o.clients(), o.senders(), o.slow(), o.room());
        try (Session s = new Session(o, topology, progressOut)) {
            ConnectResult connect = s.connect();
            s.requireConnected(connect, 2);
            List<BenchClient> slow = s.clients.subList(o.clients(), s.clients.size());
            PhaseResult baseline = s.phases().run("baseline", o.rate(), o.warmup(), o.duration());
            setAutoRead(slow, false);
            PhaseResult withSlow = s.phases().run("with-slow", o.rate(), o.warmup(), o.duration());
            SlowOutcomes outcomes = new SlowOutcomes(slow, o.url().getPort() > 0 ? o.url().getPort() : 80);
            outcomes.captureQueues();
            s.loops.barrier(5, TimeUnit.SECONDS);
            long markersBefore = outcomes.markers();
            setAutoRead(slow, true);
            s.progress.phase("slow/resume", null);
            outcomes.awaitSettled(s.loops, Math.max(3, o.drain()));
            SlowReport report = new SlowReport(slow.size(), outcomes.connected(), outcomes.byCause(),
                    outcomes.clientRecvQueueBytes(), outcomes.serverSendQueueBytes(),
                    outcomes.markers() - markersBefore, baseline.latency().p99(), withSlow.latency().p99());
            return s.result(connect, null, List.of(baseline, withSlow), null, report);
        }
    }

    private static void setAutoRead(List<BenchClient> clients, boolean on) {
        for (BenchClient c : clients) {
            if (c.channel() != null && c.state() == BenchClient.State.OPEN) {
                c.channel().eventLoop().execute(() -> c.channel().config().setAutoRead(on));
            }
        }
    }
}
