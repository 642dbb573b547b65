package chat.bench.stats;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * A latency recorder with one {@link SingleWriterRecorder} per event loop, so recording is wait-free and
 * uncontended; readers merge the loops' interval histograms. Values are recorded in microseconds and clamped
 * to {@link #HIGHEST_MICROS}. {@link #record} for loop {@code i} must only be called from loop {@code i}.
 */
public final class LoopRecorder {
    /** Highest recordable latency: 10 minutes. */
    public static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final int DIGITS = 3;

    private final SingleWriterRecorder[] recorders;
    private final Histogram total = newHistogram();
    private final Histogram[] recycled;

    /** Creates a recorder for {@code loops} writer threads. */
    public LoopRecorder(int loops) {
        recorders = new SingleWriterRecorder[loops];
        recycled = new Histogram[loops];
        for (int i = 0; i < loops; i++) {
            recorders[i] = new SingleWriterRecorder(1, HIGHEST_MICROS, DIGITS);
        }
    }

    /** Returns an empty histogram with this recorder's range and precision (microseconds). */
    public static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_MICROS, DIGITS);
    }

    /** Records a latency in nanoseconds; must be called on loop {@code loop}. */
    public void record(int loop, long nanos) {
        long micros = nanos / 1000;
        recorders[loop].recordValue(micros < 1 ? 1 : Math.min(micros, HIGHEST_MICROS));
    }

    /**
     * Returns the values recorded since the previous call (merged over loops) and adds them to the running
     * total. Thread-safe with respect to writers; callers of this method must not run concurrently.
     */
    public synchronized Histogram interval() {
        Histogram merged = newHistogram();
        for (int i = 0; i < recorders.length; i++) {
            // A recorder only accepts its own previously returned histogram for recycling.
            recycled[i] = recorders[i].getIntervalHistogram(recycled[i]);
            merged.add(recycled[i]);
        }
        total.add(merged);
        return merged;
    }

    /** Drains pending values and returns a copy of everything recorded so far. */
    public synchronized Histogram total() {
        interval();
        return total.copy();
    }
}
