package chat.server.store;

import chat.server.protocol.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteStoreTest extends DurableStoreContract {

    @TempDir
    Path tmp;

    private Path dataDir() {
        return tmp.resolve("data");
    }

    /** Tiny retention chunks, so that the contract's retention tests go through many chunk transactions. */
    static final int TEST_CHUNK_ROWS = 3;

    @Override
    protected HistoryStore openFresh() throws Exception {
        SqliteStore s = SqliteStore.open(dataDir());
        s.pruneChunkRows(TEST_CHUNK_ROWS);
        return s;
    }

    @Override
    protected HistoryStore reopen() throws Exception {
        return openFresh();
    }

    private Connection raw() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir().resolve(SqliteStore.FILE_NAME));
    }

    @Override
    protected void setStoredSchemaVersion(int version) throws Exception {
        try (Connection c = raw(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE schema_version SET version = " + version
                    + " WHERE version = (SELECT MAX(version) FROM schema_version)");
        }
    }

    @Override
    protected int schemaVersionRows() throws Exception {
        try (Connection c = raw(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    protected String benchLabel() {
        return "sqlite (synchronous=FULL)";
    }

    @Override
    protected String throughputLabel() {
        return "sqlite FULL";
    }

    @Test
    void createsMissingDirectoriesAndUsesWal() throws Exception {
        Path nested = tmp.resolve("x/y/z");
        try (SqliteStore s = SqliteStore.open(nested)) {
            assertTrue(Files.isRegularFile(nested.resolve("chat.db")));
            assertEquals("sqlite:" + nested.toAbsolutePath().resolve("chat.db"), s.describe());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + s.file());
                 Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertEquals("wal", rs.getString(1));
            }
        }
    }

    @Test
    void writerHoldsNoLockBetweenAppends() throws Exception {
        store.append(List.of(msg("a", 1)), List.of());
        // another program (sqlite3 shell, a backup) can write without waiting
        try (Connection c = raw(); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 0");
            st.executeUpdate("INSERT INTO messages (room, seq, ts, sender, text) VALUES ('a', 2, 2, 'x', 'y')");
        }
        assertEquals(2, store.maxSeq("a"));
        store.append(List.of(msg("a", 3)), List.of());
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedClearly() throws Exception {
        Path dir = tmp.resolve("bad");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("chat.db"), "this is not a database, just text ".repeat(200));
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.open(dir));
        assertTrue(e.getMessage().startsWith("cannot open sqlite:"), e.getMessage());
    }

    @Test
    void aDataDirThatIsAFileIsReportedClearly() throws Exception {
        Path file = tmp.resolve("plain-file");
        Files.writeString(file, "x");
        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.open(file));
        assertTrue(e.getMessage().contains("cannot create the data directory"), e.getMessage());
    }

    @Test
    void closedStoreRefusesCalls() throws Exception {
        store.close();
        assertThrows(StoreException.class, () -> store.maxSeq("a"));
        assertThrows(StoreException.class, () -> store.append(List.of(msg("a", 1)), List.of()));
        assertFalse(store.ping());
        store.close(); // idempotent
    }

    @Test
    void retentionChunksGiveAppendsTheLockBetweenTransactions() throws Exception {
        int rooms = 4;
        int perRoom = 25_000;
        for (boolean byCount : new boolean[] {true, false}) {
            try (SqliteStore s = SqliteStore.open(tmp.resolve("big-" + byCount))) { // default chunk size
                for (int r = 0; r < rooms; r++) {
                    for (int from = 1; from <= perRoom; from += 5_000) {
                        s.append(msgs("r" + r, from, from + 4_999), List.of());
                    }
                }
                AtomicBoolean pruning = new AtomicBoolean(true);
                AtomicInteger appendsDuringPrune = new AtomicInteger();
                long[] worstAppendNanos = {0};
                long firstSeq = s.maxSeq("live") + 1;
                ExecutorService pool = Executors.newSingleThreadExecutor();
                try {
                    Future<?> appender = pool.submit(() -> {
                        long seq = firstSeq;
                        while (pruning.get()) {
                            long t0 = System.nanoTime();
                            s.append(List.of(msg("live", seq++)), List.of());
                            worstAppendNanos[0] = Math.max(worstAppendNanos[0], System.nanoTime() - t0);
                            if (pruning.get()) {
                                appendsDuringPrune.incrementAndGet();
                            }
                        }
                        return null;
                    });
                    Thread.sleep(20); // let the appender start
                    long t0 = System.nanoTime();
                    // byCount: everything but each room's newest; by age: msg() stamps ts 1000 + seq
                    int deleted = byCount ? s.keepNewest(1) : s.deleteOlderThan(Long.MAX_VALUE);
                    long pruneMs = (System.nanoTime() - t0) / 1_000_000;
                    pruning.set(false);
                    appender.get(30, TimeUnit.SECONDS);
                    System.out.printf("[prune] sqlite %s deleted %d rows in %d ms (chunks of %d); %d appends completed"
                                    + " meanwhile, the slowest took %d ms%n", byCount ? "keepNewest(1)" : "deleteOlderThan",
                            deleted, pruneMs, SqliteStore.PRUNE_CHUNK_ROWS, appendsDuringPrune.get(),
                            worstAppendNanos[0] / 1_000_000);
                    assertTrue(deleted >= rooms * (perRoom - 1), "deleted " + deleted); // plus some of "live"
                    assertTrue(appendsDuringPrune.get() >= 2, "appends got the lock between chunks: "
                            + appendsDuringPrune.get());
                } finally {
                    pool.shutdownNow();
                }
                for (int r = 0; r < rooms; r++) {
                    assertEquals(List.of((long) perRoom), seqs(s.after("r" + r, 0, 10)));
                }
                assertEquals(s.maxSeq("live"), s.before("live", Long.MAX_VALUE, 1).get(0).seq());
            }
        }
    }

    @Test
    void keepNewestLeavesNoLockBehind() throws Exception {
        store.append(msgs("a", 1, 10), List.of());
        ((Retention) store).keepNewest(2);
        try (Connection c = raw(); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 0");
            st.executeUpdate("INSERT INTO messages (room, seq, ts, sender, text) VALUES ('a', 11, 2, 'x', 'y')");
        }
        assertEquals(List.of(9L, 10L, 11L), seqs(store.after("a", 0, 10)));
    }

    /** Prints the figures behind the synchronous=FULL choice (see the SqliteStore javadoc); not asserted. */
    @Test
    void microMeasureSynchronousFullVersusNormal() throws Exception {
        for (int round = 1; round <= 3; round++) {
            for (boolean full : new boolean[] {true, false}) {
                Path dir = tmp.resolve("sync-" + full + "-" + round);
                try (SqliteStore s = SqliteStore.open(dir, full)) {
                    s.append(List.of(msg("warmup", 1)), List.of());
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 100; i++) {
                        List<ChatMessage> batch = new ArrayList<>();
                        for (int j = 1; j <= 10; j++) {
                            batch.add(msg("r", i * 10L + j));
                        }
                        s.append(batch, List.of());
                    }
                    double ms = (System.nanoTime() - t0) / 1e6;
                    System.out.printf("[bench] sqlite synchronous=%s round %d: 100 appends x 10 messages in %.0f ms"
                            + " = %.2f ms/append%n", full ? "FULL" : "NORMAL", round, ms, ms / 100);
                }
            }
        }
    }
}
