package chat.server.store;

import chat.server.protocol.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract plus what only stores that survive a restart promise (SQLite, PostgreSQL). */
abstract class DurableStoreContract extends HistoryStoreContract {

    /** Opens the same database as the current test's store again (the current store is closed first). */
    protected abstract HistoryStore reopen() throws Exception;

    /** Overwrites the stored schema version with raw SQL (the store is closed). */
    protected abstract void setStoredSchemaVersion(int version) throws Exception;

    /** Counts the rows of {@code schema_version} with raw SQL. */
    protected abstract int schemaVersionRows() throws Exception;

    /** The label of the printed micro-measure. */
    protected abstract String benchLabel();

    /** The label of the printed throughput figure ({@code sqlite FULL}, {@code postgresql}). */
    protected abstract String throughputLabel();

    @Test
    void seqsAndHistorySurviveCloseAndReopen() throws Exception {
        store.append(List.of(msg("a", 1), msg("a", 2), msg("b", 41)), List.of(dm(1, "ann", "bob", "before")));
        store.close();
        store = reopen();
        assertEquals(Map.of("a", 2L, "b", 41L), store.maxSeqs());
        assertEquals(2, store.maxSeq("a"));
        assertEquals(List.of(msg("a", 1), msg("a", 2)), store.before("a", Long.MAX_VALUE, 10));

        // continuing where it left off works; an old seq is still refused
        store.append(List.of(msg("a", 3)), List.of(dm(2, "bob", "ann", "after")));
        assertThrows(StoreException.class, () -> store.append(List.of(msg("b", 41)), List.of()));
        assertEquals(3, store.maxSeq("a"));
        List<DirectMessage> d = store.directs("ann", "bob", 10);
        assertEquals(List.of("before", "after"), d.stream().map(DirectMessage::text).toList());
        assertTrue(d.get(1).id() > d.get(0).id());
    }

    @Test
    void reopeningDoesNotMigrateAgain() throws Exception {
        store.close();
        store = reopen();
        store.close();
        store = reopen();
        assertEquals(Schema.CURRENT_VERSION, schemaVersionRows());
    }

    @Test
    void schemaNewerThanTheCodeIsRefused() throws Exception {
        store.append(List.of(msg("a", 1)), List.of());
        store.close();
        store = null;
        setStoredSchemaVersion(999);
        StoreException e = assertThrows(StoreException.class, this::reopen);
        assertEquals("database schema version 999 is newer than this server supports (" + Schema.CURRENT_VERSION
                + "); upgrade the server",
                e.getMessage());
        setStoredSchemaVersion(Schema.CURRENT_VERSION);
        store = reopen();
        assertEquals(1, store.maxSeq("a"));
    }

    @Test
    void prunedHistoryKeepsItsSeqAcrossARestart() throws Exception {
        store.append(msgs("a", 1, 10), List.of(dm(1, "ann", "bob", "old")));
        store.append(List.of(new ChatMessage("b", 3, 1, "bob", "old but b's newest")), List.of());
        ((Retention) store).keepNewest(1);
        ((Retention) store).deleteOlderThan(Long.MAX_VALUE);
        store.close();
        store = reopen();
        assertEquals(Map.of("a", 10L, "b", 3L), store.maxSeqs());
        assertEquals(List.of(10L), seqs(store.before("a", Long.MAX_VALUE, 10)));
        assertEquals(List.of(), store.directs("ann", "bob", 10));
        store.append(msgs("a", 11, 11), List.of());
        assertEquals(List.of(10L, 11L), seqs(store.after("a", 0, 10)));
    }

    /**
     * The figure quoted in docs/storage.md: 200 group-commit batches of 256 room messages (about 100 characters of
     * text each, spread over 16 rooms, as the writer thread would send them) into a fresh store, one transaction
     * per batch. Printed, not asserted: it depends on the disk and on what else the machine does.
     */
    @Test
    void throughputOf200BatchesOf256() throws Exception {
        int batches = 200;
        int perBatch = 256;
        int rooms = 16;
        String filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut";
        long[] seq = new long[rooms];
        long t0 = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            List<ChatMessage> batch = new ArrayList<>(perBatch);
            for (int i = 0; i < perBatch; i++) {
                int r = (b * perBatch + i) % rooms;
                long s = ++seq[r];
                batch.add(new ChatMessage("room-" + r, s, System.currentTimeMillis(), "user" + (i % 50),
                        String.format(Locale.ROOT, "%06d %s", s, filler)));
            }
            store.append(batch, List.of());
        }
        long ms = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
        long total = (long) batches * perBatch;
        System.out.printf(Locale.ROOT, "[store-throughput] %s: %d x %d = %d messages in %d ms = %d msg/s%n",
                throughputLabel(), perBatch, batches, total, ms, total * 1000 / ms);
        assertEquals(total / rooms, store.maxSeq("room-0"));
    }

    @Test
    void microMeasureAppendThroughput() throws Exception {
        int batches = 100;
        int perBatch = 50;
        store.append(List.of(msg("warmup", 1)), List.of()); // first statements prepare/compile
        long t0 = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            long first = (long) b * perBatch + 1;
            List<ChatMessage> batch = msgs("bench", first, first + perBatch - 1);
            store.append(batch, List.of());
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("[bench] %s: %d appends x %d messages in %.0f ms = %.2f ms/append, %.0f messages/s%n",
                benchLabel(), batches, perBatch, ms, ms / batches, batches * perBatch / (ms / 1000));
        assertEquals((long) batches * perBatch, store.maxSeq("bench"));
    }
}
