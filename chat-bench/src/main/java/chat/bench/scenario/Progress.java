package chat.bench.scenario;

import chat.bench.client.ConnectionStats;
import chat.bench.stats.BenchClock;
import chat.bench.stats.Measurement;
import chat.bench.stats.TimelinePoint;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Once a second: samples the live delivery recorder (last second's deliveries and p99), the send counter and
 * the open connections; prints a line to stderr (when enabled) and keeps the point for the reports.
 */
final class Progress implements AutoCloseable {
    private final ConnectionStats connections;
    private final DeliveryRecorder recorder;
    private final LongAdder sent;
    private final PrintStream out;
    private final ScheduledExecutorService timer;
    private final List<TimelinePoint> timeline = new ArrayList<>();
    private final long origin = BenchClock.now();
    private volatile String label = "connect";
    private volatile Measurement window;
    private long lastSent;

    /** Starts sampling; prints to {@code out} unless it is null. */
    Progress(ConnectionStats connections, DeliveryRecorder recorder, LongAdder sent, PrintStream out) {
        this.connections = connections;
        this.recorder = recorder;
        this.sent = sent;
        this.out = out;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Names the current activity; with a window, the label shows warm-up / measure / drain. */
    void phase(String label, Measurement window) {
        this.label = label;
        this.window = window;
    }

    private void tick() {
        try {
            Histogram h = recorder.live().interval();
            long s = sent.sum();
            double p99 = h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1000.0;
            double t = (BenchClock.now() - origin) / 1e9;
            String phase = label + stage();
            TimelinePoint p = new TimelinePoint(Math.round(t * 10) / 10.0, phase, connections.open(), s - lastSent,
                    h.getTotalCount(), Math.round(p99 * 1000) / 1000.0);
            lastSent = s;
            synchronized (timeline) {
                timeline.add(p);
            }
            if (out != null) {
                out.printf(Locale.ROOT, "[%6.1fs] %-16s conns %7d  pending %5d  sent %7d/s  delivered %9d/s  p99 %8.2f ms%n",
                        p.t(), phase, p.connections(), connections.pending(), p.sentPerSec(), p.deliveredPerSec(), p99);
            }
        } catch (RuntimeException e) {
            // progress must never break a run
        }
    }

    private String stage() {
        Measurement m = window;
        if (m == null) {
            return "";
        }
        long now = BenchClock.now();
        return now < m.windowStart() ? "/warmup" : now < m.windowEnd() ? "/measure" : "/drain";
    }

    /** Returns the points so far. */
    List<TimelinePoint> timeline() {
        synchronized (timeline) {
            return List.copyOf(timeline);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
