package chat.bench.stats;

/**
 * The fields of one parsed marker. Mutable on purpose: each connection handler owns one instance and
 * reuses it for every frame, so scanning allocates nothing. Not thread-safe.
 */
public final class MarkerHit {
    int run;
    int sender;
    long seq;
    long sentNanos;
    /** Parser scratch space, so scanning allocates nothing. */
    long scratch;

    /** Returns the id of the bench run that sent the message. */
    public int run() {
        return run;
    }

    /** Returns the sender id (0-based). */
    public int sender() {
        return sender;
    }

    /** Returns the sender's sequence number (0-based, strictly increasing per sender). */
    public long seq() {
        return seq;
    }

    /** Returns the intended send time in {@link BenchClock} nanoseconds. */
    public long sentNanos() {
        return sentNanos;
    }
}
