package chat.bench.scenario;

import chat.bench.BenchException;
import chat.bench.BenchOptions;
import chat.bench.BenchResult;
import java.io.PrintStream;

/** Runs the scenario the options name. Use {@link chat.bench.Bench#run} rather than this class directly. */
public final class Scenarios {
    private Scenarios() {
    }

    /** Runs {@code o}'s scenario; progress lines go to {@code progressOut} when enabled. */
    public static BenchResult run(BenchOptions o, PrintStream progressOut) throws BenchException {
        return switch (o.scenario()) {
            case CONNECT -> new ConnectScenario(o).run(progressOut);
            case BROADCAST -> o.findMax() ? new FindMaxScenario(o).run(progressOut)
                    : new BroadcastScenario(o).run(progressOut);
            case ROOMS -> new RoomsScenario(o).run(progressOut);
            case SLOW -> new SlowScenario(o).run(progressOut);
        };
    }
}
