package chat.bench.stats;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The "all delivered" time of each counted broadcast: from its intended send time to the delivery at its
 * last expected recipient. A ring per sender holds, for recent messages, the recipients still expected and
 * the highest latency so far; the delivery that takes the count to zero records that maximum. A broadcast
 * that loses a recipient never completes (see {@link #completed()}); a ring slot reused before completion
 * (more in flight than {@link #slots()}) is also left incomplete.
 */
public final class BroadcastTracker {
    private static final int MIN_SLOTS = 1024;
    private static final int MAX_SLOTS = 1 << 17;

    private final int mask;
    private final AtomicLongArray seqs;
    private final AtomicIntegerArray remaining;
    private final AtomicLongArray maxNanos;
    private final LoopRecorder allDelivered;
    private final LongAdder completed = new LongAdder();

    /**
     * Creates a tracker for {@code senders} senders at up to {@code perSenderInFlight} messages in flight
     * each, recording into {@code allDelivered}.
     */
    public BroadcastTracker(int senders, long perSenderInFlight, LoopRecorder allDelivered) {
        int slots = MIN_SLOTS;
        while (slots < perSenderInFlight && slots < MAX_SLOTS) {
            slots <<= 1;
        }
        while ((long) slots * senders > 8L << 20 && slots > 64) {
            slots >>= 1; // bound memory (~20 bytes a slot) with very many senders
        }
        mask = slots - 1;
        seqs = new AtomicLongArray(slots * senders);
        for (int i = 0; i < seqs.length(); i++) {
            seqs.set(i, -1);
        }
        remaining = new AtomicIntegerArray(slots * senders);
        maxNanos = new AtomicLongArray(slots * senders);
        this.allDelivered = allDelivered;
    }

    /** Returns the ring size per sender. */
    public int slots() {
        return mask + 1;
    }

    /** Registers a counted broadcast before it is written; {@code recipients} deliveries are expected. */
    public void onSend(int sender, long seq, int recipients) {
        int i = index(sender, seq);
        remaining.set(i, recipients);
        maxNanos.set(i, 0);
        seqs.set(i, seq); // volatile write last: publishes the two above to receivers that read seq
    }

    /** Notes one first-time delivery of (sender, seq) with this latency; call on event loop {@code loop}. */
    public void onDelivery(int loop, int sender, long seq, long latencyNanos) {
        int i = index(sender, seq);
        if (seqs.get(i) != seq) {
            return;
        }
        maxNanos.accumulateAndGet(i, latencyNanos, Math::max);
        if (remaining.decrementAndGet(i) == 0) {
            allDelivered.record(loop, maxNanos.get(i));
            completed.increment();
        }
    }

    /** Returns the number of broadcasts delivered to every expected recipient. */
    public long completed() {
        return completed.sum();
    }

    private int index(int sender, long seq) {
        return sender * (mask + 1) + (int) (seq & mask);
    }
}
