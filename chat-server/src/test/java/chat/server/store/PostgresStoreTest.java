package chat.server.store;

import chat.server.protocol.ChatMessage;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract against PostgreSQL ({@code CHAT_TEST_PG_URL}, default the local {@code test} database), each
 * test in a fresh schema {@code t_<random>} dropped afterwards. Skipped loudly when PostgreSQL is unreachable,
 * failed when {@code CI=true}.
 */
class PostgresStoreTest extends DurableStoreContract {

    private String schema;

    @Override
    protected HistoryStore openFresh() throws Exception {
        PgTestSupport.requireReachable();
        schema = PgTestSupport.freshSchemaName();
        return PostgresStore.open(PgTestSupport.url(), schema);
    }

    @Override
    protected void cleanUp() throws Exception {
        if (schema != null) {
            PgTestSupport.dropSchema(schema);
        }
    }

    @Override
    protected HistoryStore reopen() throws Exception {
        return PostgresStore.open(PgTestSupport.url(), schema);
    }

    @Override
    protected void setStoredSchemaVersion(int version) throws Exception {
        try (Connection c = PgTestSupport.raw(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE \"" + schema + "\".schema_version SET version = " + version
                    + " WHERE version = (SELECT MAX(version) FROM \"" + schema + "\".schema_version)");
        }
    }

    @Override
    protected int schemaVersionRows() throws Exception {
        try (Connection c = PgTestSupport.raw(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + schema + "\".schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    protected String benchLabel() {
        return "postgres (" + PostgresStore.describe(PgTestSupport.url(), null) + ")";
    }

    @Override
    protected String throughputLabel() {
        return "postgresql";
    }

    @Test
    void describeShowsNoDriverParameters() {
        assertEquals("postgresql://127.0.0.1:5432/test",
                PostgresStore.describe("jdbc:postgresql://127.0.0.1:5432/test?user=u&password=secret", null));
        assertEquals("postgresql://db:5432/chat",
                PostgresStore.describe("jdbc:postgresql://u:secret@db:5432/chat", null));
        assertEquals("postgresql://db/chat?currentSchema=app",
                PostgresStore.describe("jdbc:postgresql://db/chat?password=secret&currentSchema=app", null));
        assertTrue(store.describe().endsWith("?currentSchema=" + schema), store.describe());
        assertFalse(store.describe().contains("user="), store.describe());
    }

    @Test
    void tablesLiveInTheGivenSchema() throws Exception {
        store.append(List.of(msg("a", 1)), List.of());
        try (Connection c = PgTestSupport.raw(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + schema + "\".messages")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void nulInTextIsReplacedInsteadOfFailingTheBatch() throws Exception {
        store.append(List.of(new ChatMessage("a", 1, 1, "ann", "nul\u0000here"), msg("a", 2)),
                List.of(dm(1, "ann", "bob", "\u0000")));
        assertEquals("nul\uFFFDhere", store.after("a", 0, 1).get(0).text());
        assertEquals("\uFFFD", store.directs("ann", "bob", 1).get(0).text());
    }

    @Test
    void refusesANonPostgresUrlAndABadSchemaName() {
        assertThrows(IllegalArgumentException.class, () -> PostgresStore.open("jdbc:sqlite:/tmp/x.db"));
        assertThrows(IllegalArgumentException.class, () -> PostgresStore.open(PgTestSupport.url(), "x; drop"));
    }

    @Test
    void unreachableDatabaseFailsOpenFast() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        StoreException e = assertThrows(StoreException.class,
                () -> PostgresStore.open(PgTestSupport.urlVia(closedPort)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().startsWith("cannot connect to postgresql://127.0.0.1:" + closedPort),
                e.getMessage());
        assertTrue(ms < 5_000, "open failed after " + ms + " ms");
    }

    @Test
    void outageFailsFastAndThePoolRecoversByItself() throws Exception {
        try (TcpProxy proxy = new TcpProxy(PgTestSupport.host(), PgTestSupport.port());
             PostgresStore s = PostgresStore.open(PgTestSupport.urlVia(proxy.port()), schema)) {
            s.append(List.of(msg("a", 1)), List.of());

            proxy.stop(); // PostgreSQL "goes down": connections reset, new ones refused
            long t0 = System.nanoTime();
            assertThrows(StoreException.class, () -> s.append(List.of(msg("a", 2)), List.of()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("[outage] append failed after %d ms with PostgreSQL down%n", ms);
            assertTrue(ms < 6_000, "append must fail fast during an outage, took " + ms + " ms");
            assertFalse(s.ping());

            proxy.start(); // back
            long seq = 3;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (true) {
                try {
                    s.append(List.of(msg("a", seq)), List.of());
                    break;
                } catch (StoreException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    seq++;
                    Thread.sleep(200);
                }
            }
            assertTrue(s.ping());
            assertEquals(List.of(1L, seq), seqs(s.after("a", 0, 10))); // the failed batch is not there
        }
    }

    @Test
    void hungNetworkFailsWithinTheSocketTimeout() throws Exception {
        try (TcpProxy proxy = new TcpProxy(PgTestSupport.host(), PgTestSupport.port());
             PostgresStore s = PostgresStore.open(PgTestSupport.urlVia(proxy.port()), schema)) {
            s.append(List.of(msg("a", 1)), List.of());
            proxy.blackhole(true); // packets vanish, nothing is reset
            long t0 = System.nanoTime();
            assertThrows(StoreException.class, () -> s.append(List.of(msg("a", 2)), List.of()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("[outage] append failed after %d ms with the network hung%n", ms);
            assertTrue(ms < 7_000, "append must not hang on a dead network, took " + ms + " ms");
            proxy.blackhole(false);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!s.ping()) {
                assertTrue(System.nanoTime() < deadline, "pool did not recover");
                Thread.sleep(200);
            }
            s.append(List.of(msg("a", 3)), List.of());
            assertEquals(3, s.maxSeq("a"));
        }
    }
}
