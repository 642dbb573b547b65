package chat.bench.stats;

import java.util.List;

/** The outcome of --find-max: every step, the best passing step, and why stepping stopped. */
public record FindMaxResult(List<FindMaxStep> steps, double bestRate, double bestDeliveriesPerSec,
                            double p99BoundMs, String stopReason) {
}
