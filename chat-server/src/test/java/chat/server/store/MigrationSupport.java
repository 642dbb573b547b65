package chat.server.store;

import java.sql.Connection;
import java.sql.Statement;

/** Builds a database as version-1 code left it: only the version-1 statements, recorded as version 1. */
final class MigrationSupport {
    private MigrationSupport() {
    }

    /** {@code prefix} qualifies the tables ({@code "schema".}) or is empty. */
    static void createVersion1(Connection c, Schema.Dialect dialect, String prefix) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + prefix + "schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
            for (String sql : dialect.migrations.get(0)) {
                st.execute(sql);
            }
            st.execute("INSERT INTO " + prefix + "schema_version (version, applied_at) VALUES (1, 0)");
        }
    }
}
