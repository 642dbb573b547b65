package chat.server.store;

import chat.server.protocol.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
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
        assertEquals(1, schemaVersionRows());
    }

    @Test
    void schemaNewerThanTheCodeIsRefused() throws Exception {
        store.append(List.of(msg("a", 1)), List.of());
        store.close();
        store = null;
        setStoredSchemaVersion(999);
        StoreException e = assertThrows(StoreException.class, this::reopen);
        assertEquals("database schema version 999 is newer than this server supports (1); upgrade the server",
                e.getMessage());
        setStoredSchemaVersion(Schema.CURRENT_VERSION);
        store = reopen();
        assertEquals(1, store.maxSeq("a"));
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
