package chat.bench.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one measured window. A message is <em>counted</em> when its intended send time lies in
 * [{@code windowStart}, {@code windowEnd}); deliveries of uncounted messages (warm-up, or an earlier phase)
 * are ignored here. Recording methods are called from event loops (lock-free: {@link LongAdder}s and
 * per-loop recorders); {@link #close()} stops recording before the window is summarized.
 */
public final class Measurement {
    private final long windowStart;
    private final long windowEnd;
    final LoopRecorder latency;
    final LoopRecorder allDelivered;
    final LoopRecorder sendLag;
    final BroadcastTracker broadcasts;
    final LongAdder sent = new LongAdder();
    final LongAdder notSent = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder outOfOrder = new LongAdder();
    final LongAdder late = new LongAdder();
    final LongAdder wrongRoom = new LongAdder();
    final LongAdder echoes = new LongAdder();
    final LongAdder[] roomSent;
    final LongAdder[] roomDelivered;
    final LongAdder[] roomDuplicates;
    final LongAdder[] roomWrong;
    private volatile boolean closed;

    /**
     * Creates a window over [start, end) bench-clock nanoseconds for {@code loops} event loops,
     * {@code senders} senders in {@code rooms} rooms, with up to {@code perSenderInFlight} messages in flight.
     */
    public Measurement(long windowStart, long windowEnd, int loops, int senders, int rooms, long perSenderInFlight) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        latency = new LoopRecorder(loops);
        allDelivered = new LoopRecorder(loops);
        sendLag = new LoopRecorder(loops);
        broadcasts = new BroadcastTracker(senders, perSenderInFlight, allDelivered);
        roomSent = adders(rooms);
        roomDelivered = adders(rooms);
        roomDuplicates = adders(rooms);
        roomWrong = adders(rooms);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** Returns the window start (bench-clock nanoseconds). */
    public long windowStart() {
        return windowStart;
    }

    /** Returns the window end (exclusive, bench-clock nanoseconds). */
    public long windowEnd() {
        return windowEnd;
    }

    /** Returns true when a message intended at {@code sentNanos} is counted and recording is still open. */
    public boolean counts(long sentNanos) {
        return sentNanos >= windowStart && sentNanos < windowEnd && !closed;
    }

    /** Stops counting; later deliveries are ignored. */
    public void close() {
        closed = true;
    }

    /** Records a counted message written by a sender on loop {@code loop}, {@code lagNanos} after its intended time. */
    public void onSent(int loop, int sender, int room, long seq, int recipients, long lagNanos) {
        broadcasts.onSend(sender, seq, recipients);
        sent.increment();
        roomSent[room].increment();
        sendLag.record(loop, lagNanos);
    }

    /** Records a counted message that could not be written (channel closed or bench-side backpressure). */
    public void onNotSent() {
        notSent.increment();
    }

    /** Records a first-time delivery of a counted message to a receiver in {@code room}, on loop {@code loop}. */
    public void onDelivered(int loop, int room, int sender, long seq, long latencyNanos, Delivery kind) {
        delivered.increment();
        roomDelivered[room].increment();
        if (kind == Delivery.OUT_OF_ORDER) {
            outOfOrder.increment();
        } else if (kind == Delivery.LATE) {
            late.increment();
        }
        latency.record(loop, latencyNanos);
        broadcasts.onDelivery(loop, sender, seq, latencyNanos);
    }

    /** Records a repeated delivery of a counted message. */
    public void onDuplicate(int room) {
        duplicates.increment();
        roomDuplicates[room].increment();
    }

    /** Records a counted message delivered into a room other than its sender's. */
    public void onWrongRoom(int receiverRoom) {
        wrongRoom.increment();
        roomWrong[receiverRoom].increment();
    }

    /** Records a counted message echoed back to its own sender when no echo was expected. */
    public void onEcho() {
        echoes.increment();
    }

    /** Returns counted deliveries so far (for drain checks). */
    public long deliveredSoFar() {
        return delivered.sum();
    }

    /** Returns counted messages sent per room so far. */
    public long sentInRoom(int room) {
        return roomSent[room].sum();
    }
}
