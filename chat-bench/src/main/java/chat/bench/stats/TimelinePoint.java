package chat.bench.stats;

/** One second of a run as the progress line saw it (also plotted in the HTML report). */
public record TimelinePoint(double t, String phase, int connections, long sentPerSec, long deliveredPerSec,
                            double p99Ms) {
}
