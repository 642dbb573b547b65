package chat.bench.scenario;

/**
 * When each message is due: {@code senders} senders share an aggregate rate, interleaved so the aggregate
 * is evenly spaced (message k of sender j is global message k·S + j, due at start + (k·S + j) / rate).
 * No per-second bursts. Latency is measured from these intended times, not from the actual write.
 */
record SendSchedule(long start, long windowStart, long windowEnd, int senders, double rate) {

    /** Returns the intended send time of sender {@code j}'s message {@code k} (bench-clock nanoseconds). */
    long intended(int j, long k) {
        return start + (long) ((k * (double) senders + j) * (1e9 / rate));
    }

    /** Returns true when a message intended at {@code t} should still be sent (before the window end). */
    boolean due(long t) {
        return t < windowEnd;
    }
}
