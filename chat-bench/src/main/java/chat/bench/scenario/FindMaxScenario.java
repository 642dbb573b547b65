package chat.bench.scenario;

import chat.bench.BenchException;
import chat.bench.BenchOptions;
import chat.bench.BenchResult;
import chat.bench.stats.ConnectResult;
import chat.bench.stats.FindMaxResult;
import chat.bench.stats.FindMaxStep;
import chat.bench.stats.PhaseResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Broadcast with the rate stepped up by --step every --duration seconds (each step with its own warm-up and
 * drain) until p99 crosses --p99-bound-ms, a message is lost, the bench itself cannot keep up, or
 * --max-steps is reached. The highest passing step is the sustained maximum.
 */
final class FindMaxScenario {
    private final BenchOptions o;

    FindMaxScenario(BenchOptions o) {
        this.o = o;
    }

    BenchResult run(PrintStream progressOut) throws BenchException {
        Topology topology = Topology.oneRoom(o.clients(), o.senders(), 0, o.room());
        try (Session s = new Session(o, topology, progressOut)) {
            ConnectResult connect = s.connect();
            s.requireConnected(connect, 2);
            List<PhaseResult> phases = new ArrayList<>();
            List<FindMaxStep> steps = new ArrayList<>();
            double rate = o.rate();
            double bestRate = 0;
            double best = 0;
            String stop = "max steps reached (" + o.maxSteps() + ")";
            for (int i = 1; i <= o.maxSteps(); i++) {
                PhaseResult p = s.phases().run("step " + i, rate, o.warmup(), o.duration());
                String verdict = verdict(p);
                boolean passed = verdict.equals("ok");
                phases.add(p);
                steps.add(new FindMaxStep(i, round(rate), p.deliveriesPerSec(), p.latency().p99(), p.lost(),
                        passed, verdict));
                if (!passed) {
                    stop = "step " + i + ": " + verdict;
                    break;
                }
                bestRate = rate;
                best = Math.max(best, p.deliveriesPerSec());
                rate *= o.step();
            }
            FindMaxResult result = new FindMaxResult(steps, round(bestRate), best, o.p99BoundMs(), stop);
            return s.result(connect, null, phases, result, null);
        }
    }

    /** Returns "ok" when the step sustained its rate, else why not. */
    String verdict(PhaseResult p) {
        if (p.lost() > 0) {
            return "lost " + p.lost() + " of " + p.expected();
        }
        if (p.latency().p99() > o.p99BoundMs()) {
            return String.format(Locale.ROOT, "p99 %.2f ms > %.2f ms", p.latency().p99(), o.p99BoundMs());
        }
        if (p.notSent() > 0) {
            return "bench could not send " + p.notSent() + " messages (connection closed or backpressure)";
        }
        if (p.sendLag().p99() > o.p99BoundMs() / 2) {
            return String.format(Locale.ROOT, "bench-limited: send lag p99 %.2f ms", p.sendLag().p99());
        }
        if (p.duplicates() > 0 || p.wrongRoom() > 0) {
            return "incorrect deliveries (duplicates " + p.duplicates() + ", wrong room " + p.wrongRoom() + ")";
        }
        return "ok";
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
