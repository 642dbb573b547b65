package chat.bench.sys;

/** CPU time (user + system, seconds) and resident set size (KiB) of one process at one instant. */
public record ProcessSample(double cpuSeconds, long rssKb) {
}
