package chat.server.store;

/**
 * Deletes old history. Implemented by every {@link HistoryStore} of this package; kept off that interface so
 * the store contract stays stable. Use: {@code if (store instanceof Retention r) r.deleteOlderThan(cutoff)}.
 *
 * <p>Both rules keep the newest message of each room, whatever its age, so that {@link HistoryStore#maxSeq} —
 * and thus the room's seq after a restart — never goes back. History paging stays consistent: what remains of a
 * room is always its newest messages ({@code before}/{@code after} simply find nothing below the pruned range).
 *
 * <p><b>Transactions.</b> PostgreSQL and the memory store apply each call atomically. SQLite deletes in chunks of
 * a few thousand rows, each its own short transaction, so that the writer thread's appends (which need the same
 * write lock) are never held up for long; if a chunk fails, the earlier chunks stay deleted (a later call simply
 * continues — pruning is idempotent). See {@link SqliteStore}.
 *
 * <p>Blocking; never call on an event loop. Safe to call from any thread, concurrently with appends and reads.
 * Rows appended while a prune runs are left for the next call.
 */
public interface Retention {

    /**
     * Deletes room messages and direct messages whose {@code ts} is strictly less than {@code tsMillis}, and
     * returns how many rows (messages plus directs) went. The newest message of each room is always kept,
     * whatever its age. Direct messages have no seq and are all subject to the age rule.
     */
    int deleteOlderThan(long tsMillis) throws StoreException;

    /**
     * Deletes every message of each room except its newest {@code perRoom} by seq, and returns how many went.
     * A room holding {@code perRoom} messages or fewer is untouched; {@code perRoom >= 1}, so each room's newest
     * message always stays. Direct messages are not counted per room and are left alone (only
     * {@link #deleteOlderThan} prunes them).
     *
     * @throws IllegalArgumentException if {@code perRoom < 1}
     */
    int keepNewest(int perRoom) throws StoreException;
}
