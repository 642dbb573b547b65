package chat.bench.stats;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Percentiles of one latency histogram, in milliseconds, plus the percentile distribution for charts
 * ({@code distribution}: pairs of [percentile, ms]).
 */
public record LatencySummary(long count, double mean, double p50, double p90, double p99, double p999,
                             double max, List<double[]> distribution) {

    /** Summarizes a microsecond histogram. */
    public static LatencySummary of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return empty();
        }
        List<double[]> dist = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            dist.add(new double[] {round(v.getPercentileLevelIteratedTo()), ms(v.getValueIteratedTo())});
            if (v.getPercentileLevelIteratedTo() >= 100.0) {
                break;
            }
        }
        return new LatencySummary(h.getTotalCount(), round(h.getMean() / 1000.0),
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), dist);
    }

    /** Returns the summary of no values (all zero). */
    public static LatencySummary empty() {
        return new LatencySummary(0, 0, 0, 0, 0, 0, 0, List.of());
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
