package chat.bench.client;

import chat.bench.stats.LatencySummary;
import chat.bench.stats.LoopRecorder;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Connection-level counters shared by all connections: open and pending counts, connect times (TCP
 * connect + WebSocket handshake), failures and server-side disconnects by cause. Thread-safe.
 */
public final class ConnectionStats {
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private final LongAdder opened = new LongAdder();
    private final CauseCounter failures = new CauseCounter();
    private final CauseCounter disconnects = new CauseCounter();
    private final Recorder connectTimes = new Recorder(1, LoopRecorder.HIGHEST_MICROS, 3);

    void onLaunch() {
        pending.incrementAndGet();
    }

    void onOpen(BenchClient c) {
        pending.decrementAndGet();
        open.incrementAndGet();
        opened.increment();
        connectTimes.recordValue(Math.max(1, Math.min(c.connectNanos() / 1000, LoopRecorder.HIGHEST_MICROS)));
    }

    void onFailed(String cause) {
        pending.decrementAndGet();
        failures.add(cause);
    }

    void onClosed(BenchClient c, String cause) {
        open.decrementAndGet();
        if (!c.closingByBench()) {
            disconnects.add(cause);
        }
    }

    /** Returns the connections currently open. */
    public int open() {
        return open.get();
    }

    /** Returns connection attempts not yet finished. */
    public int pending() {
        return pending.get();
    }

    /** Returns connections that completed the handshake so far. */
    public long opened() {
        return opened.sum();
    }

    /** Returns failed connection attempts by cause. */
    public CauseCounter failures() {
        return failures;
    }

    /** Returns connections closed by the server or the network (not by the bench) by cause. */
    public CauseCounter disconnects() {
        return disconnects;
    }

    /** Returns the connect-time percentiles so far. */
    public LatencySummary connectTimes() {
        return LatencySummary.of(connectTimes.getIntervalHistogram());
    }
}
