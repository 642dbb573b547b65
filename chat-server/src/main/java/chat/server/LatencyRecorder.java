package chat.server;

/**
 * Where the hot path reports a duration. Implementations must be lock-free and cheap: they run on event
 * loops. {@link #NONE} when metrics are off, so nothing is recorded at all.
 */
@FunctionalInterface
public interface LatencyRecorder {
    LatencyRecorder NONE = nanos -> { };

    void record(long nanos);
}
