package chat.bench;

import chat.bench.stats.ConnectResult;
import chat.bench.stats.FindMaxResult;
import chat.bench.stats.MemoryReport;
import chat.bench.stats.PhaseResult;
import chat.bench.stats.SlowReport;
import chat.bench.stats.TimelinePoint;
import chat.bench.sys.Environment;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured. {@code phases} holds one entry per measured window (broadcast and rooms: one;
 * slow: baseline then with-slow; find-max: one per step). {@code disconnects} counts connections the server
 * or network closed during the run; {@code otherFrames} counts frames without a marker by JSON type;
 * {@code foreignMarkers} counts markers of other runs (replayed history), which are ignored.
 * Optional parts are null when the scenario does not produce them.
 */
public record BenchResult(Scenario scenario, BenchOptions options, Environment environment, ConnectResult connect,
                          MemoryReport memory, List<PhaseResult> phases, FindMaxResult findMax, SlowReport slow,
                          Map<String, Long> disconnects, Map<String, Long> otherFrames, long untrackedMarkers,
                          long malformedMarkers, long foreignMarkers, List<TimelinePoint> timeline,
                          List<String> notes) {

    /**
     * Returns the main measured window: the only phase, the with-slow phase, or the best find-max step
     * (the last step when none passed); null for the connect scenario.
     */
    public PhaseResult headline() {
        if (phases.isEmpty()) {
            return null;
        }
        if (findMax != null) {
            for (int i = findMax.steps().size() - 1; i >= 0; i--) {
                if (findMax.steps().get(i).passed()) {
                    return phases.get(i);
                }
            }
        }
        return phases.get(phases.size() - 1);
    }
}
