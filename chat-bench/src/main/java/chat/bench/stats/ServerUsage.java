package chat.bench.stats;

/**
 * What the server process used during a measured window (from /proc, when {@code --server-pid} is given):
 * CPU seconds (user + system), CPU milliseconds per 1,000 deliveries, and resident memory before and after.
 */
public record ServerUsage(long pid, double cpuSeconds, double cpuMsPer1000Deliveries,
                          long rssBeforeKb, long rssAfterKb) {
}
