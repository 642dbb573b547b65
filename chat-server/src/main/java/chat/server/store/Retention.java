package chat.server.store;

/**
 * Deletes old history. Implemented by every {@link HistoryStore} of this package; kept off that interface so
 * the store contract stays stable. Use: {@code if (store instanceof Retention r) r.deleteOlderThan(cutoff)}.
 *
 * <p>Blocking; never call on an event loop. Safe to call from any thread, concurrently with appends and reads.
 */
public interface Retention {

    /**
     * Deletes room messages and direct messages whose {@code ts} is strictly less than {@code tsMillis}, in one
     * transaction, and returns how many rows went. The newest message of each room is always kept, whatever its
     * age, so that {@link HistoryStore#maxSeq} — and thus the room's seq after a restart — never goes back.
     */
    int deleteOlderThan(long tsMillis) throws StoreException;
}
