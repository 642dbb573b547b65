package chat.bench.stats;

/** One rate step of --find-max and its verdict ("ok", or why it failed: p99 above the bound, loss, ...). */
public record FindMaxStep(int step, double rate, double deliveriesPerSec, double p99Ms, long lost,
                          boolean passed, String verdict) {
}
