package chat.server.history;

/** Where a room hands a message to be stored before it is shown. */
interface HistoryWriter extends AutoCloseable {
    /**
     * Queues {@code write}; returns {@code false} at once when the queue is full (the store is slow or
     * down), so the caller can answer {@code unavailable} instead of blocking or buffering without bound.
     */
    boolean submit(PendingWrite write);

    /** Returns whether the last commit attempt succeeded. */
    boolean healthy();

    /** Returns the number of writes waiting. */
    int queued();

    @Override
    void close();
}
