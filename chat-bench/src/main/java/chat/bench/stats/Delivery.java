package chat.bench.stats;

/** How one received message relates to what its receiver already saw from the same sender. */
public enum Delivery {
    /** First time seen, and no higher sequence number was seen before. */
    IN_ORDER,
    /** First time seen, but a higher sequence number arrived earlier (it filled a gap). */
    OUT_OF_ORDER,
    /** Seen before on this connection. */
    DUPLICATE,
    /** Older than the tracking window (see {@link StreamTracker#WINDOW}): counted as a late, first delivery. */
    LATE
}
