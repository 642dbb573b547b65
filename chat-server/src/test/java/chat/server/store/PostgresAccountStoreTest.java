package chat.server.store;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The account contract against PostgreSQL, each test in a fresh schema (skipped loudly when unreachable). */
class PostgresAccountStoreTest extends AccountStoreContract {

    private String schema;

    @Override
    protected AccountStore openFresh() throws Exception {
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

    @Test
    void version1SchemaMigratesToVersion2KeepingHistory() throws Exception {
        String v1 = PgTestSupport.freshSchemaName();
        try {
            try (Connection c = PgTestSupport.raw(); Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA \"" + v1 + "\"");
                st.execute("SET search_path TO \"" + v1 + "\"");
                MigrationSupport.createVersion1(c, Schema.Dialect.POSTGRES, "");
                st.execute("INSERT INTO messages (room, seq, ts, sender, text) VALUES ('lobby', 7, 1, 'ann', 'hi')");
            }
            try (PostgresStore s = PostgresStore.open(PgTestSupport.url(), v1)) {
                assertEquals(7, s.maxSeq("lobby"));
                s.createAccount("Alice", "h", 1);
                assertEquals("Alice", s.find("ALICE").name());
                s.saveSession("aa", "Alice", 10);
                assertEquals(1, s.liveSessions(0).size());
            }
            try (Connection c = PgTestSupport.raw(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(version) FROM \"" + v1 + "\".schema_version")) {
                rs.next();
                assertEquals(2, rs.getInt(1));
                assertEquals(2, rs.getInt(2));
            }
        } finally {
            PgTestSupport.dropSchema(v1);
        }
    }
}
