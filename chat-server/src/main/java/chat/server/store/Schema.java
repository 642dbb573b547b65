package chat.server.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The versioned schema: plain SQL per version and per dialect, applied on open inside one transaction.
 *
 * <p>{@code schema_version} holds one row per applied version; the stored version is its maximum. A stored
 * version newer than {@link #CURRENT_VERSION} refuses to open (an older server must not write into a newer
 * layout). To add version N: append one entry to {@link Dialect#migrations} of each dialect, never edit an
 * applied one.
 *
 * <p>Blocking; never call on an event loop. Not thread-safe by itself: the caller owns the connection.
 */
final class Schema {

    private static final Logger log = LoggerFactory.getLogger(Schema.class);

    /** The highest schema version this code knows. */
    static final int CURRENT_VERSION = 2;

    /** Version 2, both dialects: user accounts (unique by lower-cased name) and login sessions (by token hash). */
    private static final List<String> ACCOUNTS_V2 = List.of(
            """
            CREATE TABLE accounts (
                name_key      TEXT   PRIMARY KEY,
                name          TEXT   NOT NULL,
                password_hash TEXT   NOT NULL,
                created       BIGINT NOT NULL
            )""",
            """
            CREATE TABLE sessions (
                token_hash TEXT   PRIMARY KEY,
                name       TEXT   NOT NULL,
                expires    BIGINT NOT NULL
            )""",
            "CREATE INDEX sessions_expires ON sessions (expires)");

    /** SQL dialect differences, kept to the few statements that need them. */
    enum Dialect {
        SQLITE(List.of(List.of(
                """
                CREATE TABLE messages (
                    room   TEXT   NOT NULL,
                    seq    BIGINT NOT NULL,
                    ts     BIGINT NOT NULL,
                    sender TEXT   NOT NULL,
                    text   TEXT   NOT NULL,
                    PRIMARY KEY (room, seq)
                )""",
                "CREATE INDEX messages_ts ON messages (ts)",
                """
                CREATE TABLE directs (
                    id        INTEGER PRIMARY KEY AUTOINCREMENT,
                    ts        BIGINT NOT NULL,
                    sender    TEXT   NOT NULL,
                    recipient TEXT   NOT NULL,
                    text      TEXT   NOT NULL
                )""",
                // One index serves both directions: each direction is a (sender, recipient) prefix lookup
                // ordered by id; directs() unions the two.
                "CREATE INDEX directs_pair ON directs (sender, recipient, id)",
                "CREATE INDEX directs_ts ON directs (ts)"), ACCOUNTS_V2)),
        POSTGRES(List.of(List.of(
                """
                CREATE TABLE messages (
                    room   TEXT   NOT NULL,
                    seq    BIGINT NOT NULL,
                    ts     BIGINT NOT NULL,
                    sender TEXT   NOT NULL,
                    text   TEXT   NOT NULL,
                    PRIMARY KEY (room, seq)
                )""",
                "CREATE INDEX messages_ts ON messages (ts)",
                """
                CREATE TABLE directs (
                    id        BIGSERIAL PRIMARY KEY,
                    ts        BIGINT NOT NULL,
                    sender    TEXT   NOT NULL,
                    recipient TEXT   NOT NULL,
                    text      TEXT   NOT NULL
                )""",
                "CREATE INDEX directs_pair ON directs (sender, recipient, id)",
                "CREATE INDEX directs_ts ON directs (ts)"), ACCOUNTS_V2));

        /** {@code migrations.get(v - 1)} brings the schema from version {@code v - 1} to {@code v}. */
        final List<List<String>> migrations;

        Dialect(List<List<String>> migrations) {
            this.migrations = migrations;
        }
    }

    private Schema() {
    }

    /**
     * Creates or migrates the schema on {@code conn} in one transaction and returns the version now stored.
     * Leaves {@code conn} in auto-commit mode off and committed.
     *
     * @throws StoreException if the stored version is newer than {@link #CURRENT_VERSION} or a statement fails
     */
    static int migrate(Connection conn, Dialect dialect, String where) throws StoreException {
        if (dialect.migrations.size() != CURRENT_VERSION) {
            throw new IllegalStateException("dialect " + dialect + " has " + dialect.migrations.size()
                    + " migrations, expected " + CURRENT_VERSION);
        }
        try {
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                if (dialect == Dialect.POSTGRES) {
                    // Two servers starting together must not both migrate the same schema.
                    try (ResultSet rs = st.executeQuery("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")) {
                        rs.next();
                    }
                }
                st.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
                int stored;
                try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                    rs.next();
                    stored = rs.getInt(1);
                }
                if (stored > CURRENT_VERSION) {
                    conn.rollback();
                    throw new StoreException(tooNewMessage(stored));
                }
                for (int v = stored + 1; v <= CURRENT_VERSION; v++) {
                    for (String sql : dialect.migrations.get(v - 1)) {
                        st.execute(sql);
                    }
                    st.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + v + ", "
                            + System.currentTimeMillis() + ")");
                    log.info("{}: applied schema migration to version {}", where, v);
                }
                conn.commit();
                return CURRENT_VERSION;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(conn);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(where + ": cannot create or migrate the schema: " + e.getMessage(), e);
        }
    }

    /** The refusal message for a stored schema newer than this code. */
    static String tooNewMessage(int stored) {
        return "database schema version " + stored + " is newer than this server supports ("
                + CURRENT_VERSION + "); upgrade the server";
    }

    static void rollbackQuietly(Connection conn) {
        try {
            conn.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed", e);
        }
    }
}
