package chat.server.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoresTest {

    @TempDir
    Path tmp;

    @Test
    void sqliteIsTheDefault() throws Exception {
        try (HistoryStore s = Stores.open(null, null, tmp, 100)) {
            assertInstanceOf(SqliteStore.class, s);
            assertTrue(s.describe().startsWith("sqlite:"), s.describe());
        }
        try (HistoryStore s = Stores.open("SQLite", "  ", tmp, 100)) {
            assertInstanceOf(SqliteStore.class, s);
        }
    }

    @Test
    void noneIsMemory() throws Exception {
        try (HistoryStore s = Stores.open("none", null, null, 100)) {
            assertInstanceOf(MemoryStore.class, s);
            assertEquals("memory", s.describe());
        }
    }

    @Test
    void postgresUrlSelectsPostgres() throws Exception {
        PgTestSupport.requireReachable();
        // a throw-away schema selected by the URL, so that nothing lands in the shared database's public schema
        String schema = PgTestSupport.freshSchemaName();
        try (java.sql.Connection c = PgTestSupport.raw(); java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        String url = PgTestSupport.url() + (PgTestSupport.url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try {
            try (HistoryStore s = Stores.open(null, url, tmp, 100)) {
                assertInstanceOf(PostgresStore.class, s);
                s.append(java.util.List.of(HistoryStoreContract.msg("a", 1)), java.util.List.of());
            }
            try (HistoryStore s = Stores.open("postgres", url, null, 100)) {
                assertInstanceOf(PostgresStore.class, s);
                assertEquals(1, s.maxSeq("a"));
            }
        } finally {
            PgTestSupport.dropSchema(schema);
        }
    }

    @Test
    void badCombinationsSayWhatToChange() {
        assertEquals("--store postgres needs --db with a JDBC URL such as"
                        + " jdbc:postgresql://127.0.0.1:5432/chat?user=chat",
                bad("postgres", null));
        assertEquals("unknown --store 'mysql'; use sqlite (default), postgres or none", bad("mysql", null));
        String nonPg = bad("postgres", "jdbc:mysql://u:secret@db/chat");
        assertTrue(nonPg.startsWith("--db must be a jdbc:postgresql: URL"), nonPg);
        assertTrue(nonPg.contains("'jdbc:mysql:'") && !nonPg.contains("secret"), nonPg);
        assertTrue(bad(null, "jdbc:sqlite:/tmp/x.db").startsWith("--db must be a jdbc:postgresql: URL"));
        assertTrue(bad("sqlite", "jdbc:postgresql://h/db").startsWith("--db is only used with --store postgres"));
        assertTrue(bad("none", "jdbc:postgresql://h/db").startsWith("--db is only used with --store postgres"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Stores.open("none", null, null, 0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Stores.open("sqlite", null, null, 10));
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
    }

    private String bad(String kind, String url) {
        return assertThrows(IllegalArgumentException.class, () -> Stores.open(kind, url, tmp, 100)).getMessage();
    }
}
