package chat.server.store;

import chat.server.protocol.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The embedded default store: one SQLite file {@code chat.db} in the data directory, in WAL mode.
 *
 * <p><b>Durability.</b> {@code PRAGMA synchronous=FULL}: every {@link #append} fsyncs the WAL before it
 * returns, so an acknowledged batch survives a process crash (kill -9) <em>and</em> a power loss or kernel
 * panic. {@code NORMAL} also survives kill -9 (a committed transaction is in the WAL, in the OS page cache)
 * but may lose the last transactions on power loss. Measured on the dev VM (virtio disk, ext4; see
 * {@code SqliteStoreTest#microMeasureSynchronousFullVersusNormal}, several runs): 100 appends of 10 messages
 * took 28–132 ms with FULL and 3–10 ms with NORMAL, i.e. ~0.3–1.3 ms versus ~0.03–0.1 ms per append. The server group-commits (one
 * append per writer-thread batch, not per message), so one fsync per batch is cheap enough and FULL is the
 * default; on a disk with a slow honest flush (several ms) FULL lowers the batch rate, not the message rate,
 * because messages accumulate into the next batch meanwhile. {@link #open(Path, boolean)} can select NORMAL.
 *
 * <p><b>Accounts.</b> Also the {@link AccountStore} (schema version 2): account and session writes go through
 * the same write connection and lock as appends, one short transaction each.
 *
 * <p><b>Threading.</b> Every method blocks; never call on an event loop. Thread-safe: writes go through one
 * write connection under a fair lock, one transaction ({@code BEGIN IMMEDIATE}) per {@link #append}; reads go
 * through a second, read-only connection under its own lock, so history paging from a blocking executor runs
 * concurrently with the writer (WAL allows readers during a write). {@code busy_timeout} (5 s) covers another
 * process holding the file.
 *
 * <p><b>Retention in chunks.</b> SQLite has one write lock per database: while a prune's transaction is open, the
 * writer thread's next {@link #append} waits, and with it every message not yet acknowledged. One big {@code
 * DELETE} on a large table (the first prune after enabling retention on months of history can remove millions of
 * rows) would hold that lock for seconds. So {@link #deleteOlderThan} and {@link #keepNewest} delete at most
 * {@value #PRUNE_CHUNK_ROWS} rows per transaction (a few ms plus one fsync) and release the lock between chunks;
 * the lock is fair, so a waiting append always goes before the prune's next chunk. Everything a chunk needs is
 * found through an index, never by a table scan under the lock:
 * <ul>
 *   <li>{@link #deleteOlderThan}: walks the {@code ts} index from the oldest row, with a cursor (ts, rowid)
 *       carried from chunk to chunk, so the rooms' newest messages that are old but must stay are stepped over
 *       once, not once per chunk; each candidate checks that it is not its room's {@code MAX(seq)} (a primary-key
 *       seek). Directs go by {@code directs_ts} in chunks too.</li>
 *   <li>{@link #keepNewest}: first finds, on a separate short-lived read-only connection (no lock held, history
 *       reads not delayed), each room with more than {@code perRoom} messages and its cut-off seq (see
 *       {@link JdbcHistory#KEEP_NEWEST_CUTOFFS}); then deletes each such room's {@code seq <= cut-off} range from
 *       its low end, a primary-key range, in chunks. Messages appended meanwhile all have higher seqs, so the
 *       cut-off stays right: each room keeps at least its newest {@code perRoom}.</li>
 * </ul>
 *
 * <p>Measured on the dev VM ({@code SqliteStoreTest#retentionChunksGiveAppendsTheLockBetweenTransactions}): 100,000
 * rows pruned in 140–300 ms over several runs, i.e. a few ms per chunk, with single-message appends running in
 * between; the slowest of them took 6–14 ms. The one-statement form {@code DELETE FROM messages WHERE seq <= (SELECT MAX(seq) FROM messages m2
 * WHERE m2.room = messages.room) - ?} was rejected: its plan is a full scan of {@code messages} with a correlated
 * subquery per row, all under the write lock, even when there is nothing to delete (and it counts seq numbers, not
 * messages, so it keeps fewer than asked if a room's seqs have gaps).
 *
 * <p>Being chunked, a prune is not atomic: if one fails or the calling thread is interrupted (server shutdown), the
 * chunks already committed stay deleted, which is harmless — the next prune continues.
 */
public final class SqliteStore extends JdbcStore implements AccountStore {

    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    /** The database file name inside the data directory. */
    public static final String FILE_NAME = "chat.db";

    static final int BUSY_TIMEOUT_MILLIS = 5_000;

    /** Most rows one retention transaction deletes (see the class comment). */
    static final int PRUNE_CHUNK_ROWS = 2_000;

    private static final String OLD_MESSAGES_CHUNK = "SELECT x.rowid, x.ts FROM messages x"
            + " WHERE x.ts < ? AND (x.ts, x.rowid) > (?, ?)"
            + " AND x.seq < (SELECT MAX(m.seq) FROM messages m WHERE m.room = x.room)"
            + " ORDER BY x.ts, x.rowid LIMIT ?";
    private static final String DELETE_BY_ROWID = "DELETE FROM messages WHERE rowid = ?";
    private static final String DELETE_OLD_DIRECTS_CHUNK = "DELETE FROM directs WHERE id IN"
            + " (SELECT id FROM directs WHERE ts < ? ORDER BY ts, id LIMIT ?)";
    private static final String DELETE_ROOM_CHUNK = "DELETE FROM messages WHERE rowid IN"
            + " (SELECT rowid FROM messages WHERE room = ? AND seq <= ? ORDER BY seq LIMIT ?)";

    private final Path file;
    private final String where;
    private final Connection writer;
    private final Connection reader;
    /** Fair, so that an append waiting behind a retention chunk goes before the next chunk. */
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ReentrantLock readLock = new ReentrantLock();
    private volatile boolean closed;
    private volatile int pruneChunkRows = PRUNE_CHUNK_ROWS;

    private SqliteStore(Path file, Connection writer, Connection reader) {
        this.file = file;
        this.where = "sqlite:" + file;
        this.writer = writer;
        this.reader = reader;
    }

    /**
     * Opens (creating if missing) {@code dataDir/chat.db} with {@code synchronous=FULL}, creating or migrating
     * its schema.
     *
     * @throws StoreException if the directory or file cannot be created or opened, or its schema is newer than
     *                        this server supports
     */
    public static SqliteStore open(Path dataDir) throws StoreException {
        return open(dataDir, true);
    }

    /**
     * Like {@link #open(Path)}; {@code fullSync=false} selects {@code synchronous=NORMAL} (survives a process
     * crash, may lose the last batches on power loss).
     */
    public static SqliteStore open(Path dataDir, boolean fullSync) throws StoreException {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + dir + ": " + e
                    + "; check --data-dir and its permissions", e);
        }
        Path file = dir.resolve(FILE_NAME);
        String url = "jdbc:sqlite:" + file;
        String where = "sqlite:" + file;

        SQLiteConfig wc = new SQLiteConfig();
        wc.setJournalMode(SQLiteConfig.JournalMode.WAL);
        wc.setSynchronous(fullSync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        wc.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        wc.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection writer = null;
        Connection reader = null;
        try {
            writer = wc.createConnection(url);
            checkWal(writer, where);
            Schema.migrate(writer, Schema.Dialect.SQLITE, where);
            // With auto-commit off, sqlite-jdbc re-opens a BEGIN IMMEDIATE right after every commit and so holds
            // the write lock between appends (blocking the sqlite3 shell, backups, …). Transactions are
            // explicit statements instead, see inTransaction().
            writer.setAutoCommit(true);

            SQLiteConfig rc = new SQLiteConfig();
            rc.setReadOnly(true);
            rc.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
            reader = rc.createConnection(url);
            log.info("opened {} (WAL, synchronous={}, schema version {})", where, fullSync ? "FULL" : "NORMAL",
                    Schema.CURRENT_VERSION);
            return new SqliteStore(file, writer, reader);
        } catch (SQLException e) {
            closeQuietly(reader);
            closeQuietly(writer);
            throw new StoreException("cannot open " + where + ": " + e.getMessage()
                    + "; check that the file is a chat database and not locked by another program", e);
        } catch (StoreException | RuntimeException e) {
            closeQuietly(reader);
            closeQuietly(writer);
            throw e;
        }
    }

    private static void checkWal(Connection conn, String where) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            String mode = rs.next() ? rs.getString(1) : "?";
            if (!"wal".equalsIgnoreCase(mode)) {
                log.warn("{}: journal_mode is {} instead of WAL (file system without shared memory?);"
                        + " history reads will wait for writes", where, mode);
            }
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public void append(List<ChatMessage> messages, List<DirectMessage> directs) throws StoreException {
        JdbcHistory.checkBatch(messages, directs);
        if (messages.isEmpty() && directs.isEmpty()) {
            return;
        }
        writeLock.lock();
        try {
            ensureOpen();
            try {
                inTransaction(c -> {
                    JdbcHistory.insert(c, messages, directs, UnaryOperator.identity());
                    return null;
                });
            } catch (SQLException e) {
                throw new StoreException(JdbcHistory.appendFailure(where, messages.size(), directs.size(), e), e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public int deleteOlderThan(long tsMillis) throws StoreException {
        int chunk = pruneChunkRows;
        int deleted = 0;
        long[] cursor = {Long.MIN_VALUE, Long.MIN_VALUE}; // (ts, rowid) of the last row looked at
        try {
            while (!Thread.currentThread().isInterrupted()) {
                int n = inWriteChunk(c -> {
                    List<Long> rowids = new ArrayList<>(chunk);
                    try (PreparedStatement ps = c.prepareStatement(OLD_MESSAGES_CHUNK)) {
                        ps.setLong(1, tsMillis);
                        ps.setLong(2, cursor[0]);
                        ps.setLong(3, cursor[1]);
                        ps.setInt(4, chunk);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rowids.add(rs.getLong(1));
                                cursor[1] = rs.getLong(1);
                                cursor[0] = rs.getLong(2);
                            }
                        }
                    }
                    if (!rowids.isEmpty()) {
                        try (PreparedStatement ps = c.prepareStatement(DELETE_BY_ROWID)) {
                            for (long rowid : rowids) {
                                ps.setLong(1, rowid);
                                ps.addBatch();
                            }
                            ps.executeBatch();
                        }
                    }
                    return rowids.size();
                });
                deleted += n;
                if (n < chunk) {
                    break;
                }
            }
            while (!Thread.currentThread().isInterrupted()) {
                int n = inWriteChunk(c -> {
                    try (PreparedStatement ps = c.prepareStatement(DELETE_OLD_DIRECTS_CHUNK)) {
                        ps.setLong(1, tsMillis);
                        ps.setInt(2, chunk);
                        return ps.executeUpdate();
                    }
                });
                deleted += n;
                if (n < chunk) {
                    break;
                }
            }
        } catch (SQLException e) {
            throw pruneFailure("retention by age", deleted, e);
        }
        return deleted;
    }

    @Override
    public int keepNewest(int perRoom) throws StoreException {
        JdbcHistory.checkPerRoom(perRoom);
        ensureOpen();
        List<JdbcHistory.Cutoff> cutoffs;
        SQLiteConfig rc = new SQLiteConfig();
        rc.setReadOnly(true);
        rc.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        try (Connection scan = rc.createConnection("jdbc:sqlite:" + file)) {
            cutoffs = JdbcHistory.keepNewestCutoffs(scan, perRoom);
        } catch (SQLException e) {
            throw new StoreException(where + ": retention by count failed, nothing was deleted: "
                    + e.getMessage(), e);
        }
        int chunk = pruneChunkRows;
        int deleted = 0;
        try {
            for (JdbcHistory.Cutoff cut : cutoffs) {
                while (!Thread.currentThread().isInterrupted()) {
                    int n = inWriteChunk(c -> {
                        try (PreparedStatement ps = c.prepareStatement(DELETE_ROOM_CHUNK)) {
                            ps.setString(1, cut.room());
                            ps.setLong(2, cut.seq());
                            ps.setInt(3, chunk);
                            return ps.executeUpdate();
                        }
                    });
                    deleted += n;
                    if (n < chunk) {
                        break;
                    }
                }
            }
        } catch (SQLException e) {
            throw pruneFailure("retention by count", deleted, e);
        }
        return deleted;
    }

    /** Sets the rows per retention transaction (tests use tiny chunks to exercise the chunking). */
    void pruneChunkRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("chunk must be at least 1 row, got " + rows);
        }
        this.pruneChunkRows = rows;
    }

    /** Runs one retention chunk in its own write transaction, taking and releasing the write lock around it. */
    private int inWriteChunk(Query<Integer> work) throws SQLException, StoreException {
        writeLock.lock();
        try {
            ensureOpen();
            return inTransaction(work);
        } finally {
            writeLock.unlock();
        }
    }

    private StoreException pruneFailure(String what, int deletedBefore, SQLException e) {
        return new StoreException(where + ": " + what + " failed after " + deletedBefore
                + " rows were deleted in earlier transactions (they stay deleted; the next prune continues): "
                + e.getMessage(), e);
    }

    @Override
    public void createAccount(String name, String passwordHash, long createdMillis) throws StoreException {
        if (!write("createAccount", c -> JdbcAccounts.insertAccount(c, name, passwordHash, createdMillis))) {
            throw new DuplicateNameException(name);
        }
    }

    @Override
    public Account find(String name) throws StoreException {
        return read("find account", c -> JdbcAccounts.find(c, name));
    }

    @Override
    public void saveSession(String tokenHash, String name, long expiresMillis) throws StoreException {
        write("saveSession", c -> {
            JdbcAccounts.insertSession(c, tokenHash, name, expiresMillis);
            return null;
        });
    }

    @Override
    public void deleteSession(String tokenHash) throws StoreException {
        write("deleteSession", c -> JdbcAccounts.deleteSession(c, tokenHash));
    }

    @Override
    public List<StoredSession> liveSessions(long nowMillis) throws StoreException {
        return read("liveSessions", c -> JdbcAccounts.live(c, nowMillis));
    }

    @Override
    public int deleteExpiredSessions(long nowMillis) throws StoreException {
        return write("deleteExpiredSessions", c -> JdbcAccounts.deleteExpired(c, nowMillis));
    }

    /** Runs {@code work} in one write transaction under the write lock. */
    private <T> T write(String what, Query<T> work) throws StoreException {
        writeLock.lock();
        try {
            ensureOpen();
            return inTransaction(work);
        } catch (SQLException e) {
            throw new StoreException(where + ": " + what + " failed: " + JdbcHistory.reason(e), e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public boolean ping() {
        try {
            return read("ping", c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                    return rs.next();
                }
            });
        } catch (StoreException e) {
            log.debug("{}: ping failed", where, e);
            return false;
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        readLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(reader);
            closeQuietly(writer);
            log.info("closed {}", where);
        } finally {
            readLock.unlock();
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Runs {@code work} on the write connection in one {@code BEGIN IMMEDIATE} transaction; caller holds writeLock. */
    private <T> T inTransaction(Query<T> work) throws SQLException {
        try (Statement st = writer.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            try {
                T result = work.run(writer);
                st.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    st.execute("ROLLBACK");
                } catch (SQLException re) {
                    e.addSuppressed(re);
                }
                throw e;
            }
        }
    }

    @Override
    <T> T read(String what, Query<T> query) throws StoreException {
        readLock.lock();
        try {
            ensureOpen();
            return query.run(reader);
        } catch (SQLException e) {
            throw new StoreException(where + ": " + what + " failed: " + JdbcHistory.reason(e), e);
        } finally {
            readLock.unlock();
        }
    }

    private void ensureOpen() throws StoreException {
        if (closed) {
            throw new StoreException(where + " is closed");
        }
    }

    private static void closeQuietly(Connection conn) {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException e) {
                log.warn("closing a SQLite connection failed: {}", e.toString());
            }
        }
    }
}
