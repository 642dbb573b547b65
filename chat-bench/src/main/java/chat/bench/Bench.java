package chat.bench;

import chat.bench.scenario.Scenarios;
import java.io.PrintStream;

/**
 * Programmatic entry point: runs one scenario and returns every figure. Used by {@link Main} and by smoke
 * tests against a server started in-process:
 * <pre>{@code
 * BenchResult r = Bench.run(BenchOptions.builder().url("ws://127.0.0.1:" + port + "/ws")
 *         .clients(5).senders(2).rate(50).warmup(0.5).duration(2).progress(false).build());
 * PhaseResult p = r.headline();   // p.lost() == 0, p.delivered() == p.expected()
 * }</pre>
 * Blocking and bounded: returns within about warm-up + duration + drain + connect time + 15 s.
 */
public final class Bench {
    private Bench() {
    }

    /** Runs {@code options}; progress lines (if enabled in the options) go to stderr. */
    public static BenchResult run(BenchOptions options) throws BenchException {
        return run(options, System.err);
    }

    /** Runs {@code options}; progress lines (if enabled) go to {@code progressOut}. */
    public static BenchResult run(BenchOptions options, PrintStream progressOut) throws BenchException {
        return Scenarios.run(options, progressOut);
    }
}
