package chat.server;

import chat.server.store.PgTestSupport;
import org.junit.jupiter.api.AfterEach;

import java.sql.Connection;
import java.sql.Statement;

/** The accounts flow with accounts and sessions in the real PostgreSQL (a fresh schema per test). */
class AccountsFlowPostgresTest extends AccountsFlowTest {
    private String schema;

    @Override
    ServerConfig.Builder withStore(ServerConfig.Builder b) throws Exception {
        PgTestSupport.requireReachable();
        if (schema == null) {
            schema = PgTestSupport.freshSchemaName();
            try (Connection c = PgTestSupport.raw(); Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
            }
        }
        return b.db(PgTestSupport.url() + (PgTestSupport.url().contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema != null) {
            PgTestSupport.dropSchema(schema);
        }
    }
}
