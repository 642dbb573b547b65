package chat.server.store;

import chat.server.protocol.ChatMessage;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * History in PostgreSQL through a small HikariCP pool (at most {@value #POOL_SIZE} connections).
 *
 * <p><b>Outages.</b> Timeouts are short so that a database outage fails calls fast instead of hanging the
 * writer thread: a pooled connection is waited for at most {@value #CONNECTION_TIMEOUT_MILLIS} ms, a new
 * connection must connect and log in within {@value #CONNECT_TIMEOUT_SECONDS} s, and a statement whose server
 * stops answering fails after {@value #SOCKET_TIMEOUT_SECONDS} s ({@code socketTimeout}; retention gets
 * {@value #RETENTION_TIMEOUT_MILLIS} ms). So {@link #append} throws within about 5 s while PostgreSQL is down,
 * and the pool reconnects by itself once it is back — no restart needed. Driver settings given in the JDBC URL
 * win over these defaults. {@link #open} itself fails if the database cannot be reached.
 *
 * <p><b>Writes.</b> One transaction per {@link #append}, prepared statements batched with
 * {@code reWriteBatchedInserts=true} (multi-row INSERTs); {@code logServerErrorDetail=false} keeps chat text
 * out of exception messages and logs. PostgreSQL rejects U+0000 in text, so stored strings
 * have it replaced by U+FFFD rather than failing the whole group-committed batch.
 *
 * <p><b>Retention.</b> {@link #deleteOlderThan} and {@link #keepNewest} each run in one transaction with a
 * longer network timeout; row versioning means a prune never blocks appends, so there is no need to chunk it as
 * {@link SqliteStore} does.
 *
 * <p><b>Accounts.</b> Also the {@link AccountStore} (schema version 2), one auto-committed statement per call.
 *
 * <p><b>Threading.</b> Every method blocks; never call on an event loop. Thread-safe: each call borrows its own
 * pooled connection.
 */
public final class PostgresStore extends JdbcStore implements AccountStore, SequencingStore {

    private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);

    static final int POOL_SIZE = 4;
    static final long CONNECTION_TIMEOUT_MILLIS = 3_000;
    static final int CONNECT_TIMEOUT_SECONDS = 3;
    static final int SOCKET_TIMEOUT_SECONDS = 5;
    static final int RETENTION_TIMEOUT_MILLIS = 300_000;

    private static final String URL_PREFIX = "jdbc:postgresql:";
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final UnaryOperator<String> NO_NUL =
            s -> s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');

    private final HikariDataSource pool;
    private final String where;

    private PostgresStore(HikariDataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    /**
     * Opens a pool on {@code jdbcUrl} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/chat?user=chat}) and creates
     * or migrates the schema in the connection's default schema.
     *
     * @throws IllegalArgumentException if the URL is not a {@code jdbc:postgresql:} URL
     * @throws StoreException           if the database cannot be reached or its schema is newer than supported
     */
    public static PostgresStore open(String jdbcUrl) throws StoreException {
        return open(jdbcUrl, null);
    }

    /**
     * Like {@link #open(String)}, but keeps all tables in {@code schema} (lower-case SQL identifier), created if
     * absent; {@code null} uses the connection's default. Tests use a fresh schema per run.
     */
    public static PostgresStore open(String jdbcUrl, String schema) throws StoreException {
        if (jdbcUrl == null || !jdbcUrl.startsWith(URL_PREFIX)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + redact(jdbcUrl)
                    + "; expected jdbc:postgresql://host:port/database?user=...");
        }
        if (schema != null && !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("bad schema name '" + schema
                    + "': use lower-case letters, digits and _ (not starting with a digit), at most 63");
        }
        String where = describe(jdbcUrl, schema);

        HikariConfig config = new HikariConfig();
        config.setPoolName("chat-store");
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        config.setKeepaliveTime(60_000);
        config.setInitializationFailTimeout(1); // try once on open, fail if unreachable
        config.setAutoCommit(true);
        if (schema != null) {
            config.setSchema(schema); // search_path of every pooled connection
        }
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        config.addDataSourceProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // Keeps parameter values (chat text) out of exception messages and thus out of logs.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        config.addDataSourceProperty("ApplicationName", "chat-server");

        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot connect to " + where + ": " + cause.getMessage()
                    + "; check --db (host, port, database, user) and that PostgreSQL is up", e);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open " + where + ": " + e.getMessage() + "; check --db", e);
        }
        try {
            try (Connection conn = pool.getConnection()) {
                if (schema != null) {
                    try (Statement st = conn.createStatement()) {
                        st.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
                    }
                }
                Schema.migrate(conn, Schema.Dialect.POSTGRES, where);
            }
        } catch (SQLException e) {
            pool.close();
            throw new StoreException("cannot open " + where + ": " + e.getMessage() + hint(e), e);
        } catch (StoreException | RuntimeException e) {
            pool.close();
            throw e;
        }
        log.info("opened {} (pool max {}, schema version {})", where, POOL_SIZE, Schema.CURRENT_VERSION);
        return new PostgresStore(pool, where);
    }

    @Override
    public void append(List<ChatMessage> messages, List<DirectMessage> directs) throws StoreException {
        appendInOneTransaction(messages, directs, false);
    }

    @Override
    public List<ChatMessage> appendSequenced(List<ChatMessage> messages, List<DirectMessage> directs)
            throws StoreException {
        return appendInOneTransaction(messages, directs, true);
    }

    /** Work inside one transaction. */
    private interface Transaction<T> {
        T run(Connection conn) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on a pooled connection: committed if it returns, rolled back if it throws.
     * {@code networkTimeoutMillis} > 0 bounds each statement's wait on the server (reset by the pool on return).
     */
    private <T> T inTransaction(int networkTimeoutMillis, Transaction<T> work) throws SQLException {
        try (Connection conn = pool.getConnection()) {
            if (networkTimeoutMillis > 0) {
                conn.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
            }
            conn.setAutoCommit(false);
            try {
                T result = work.run(conn);
                conn.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                Schema.rollbackQuietly(conn);
                throw e;
            }
        }
    }

    /** Stores both lists in one transaction; {@code number}: the room messages get their seqs here ({@link RoomLocks}). */
    private List<ChatMessage> appendInOneTransaction(List<ChatMessage> messages, List<DirectMessage> directs,
                                                     boolean number) throws StoreException {
        JdbcHistory.checkBatch(messages, directs);
        if (messages.isEmpty() && directs.isEmpty()) {
            return List.of();
        }
        try {
            return inTransaction(0, conn -> {
                List<ChatMessage> stored = number ? RoomLocks.number(conn, messages) : messages;
                JdbcHistory.insert(conn, stored, directs, NO_NUL);
                return stored;
            });
        } catch (SQLException e) {
            throw new StoreException(JdbcHistory.appendFailure(where, messages.size(), directs.size(), e)
                    + hint(e), e);
        }
    }

    @Override
    public int deleteOlderThan(long tsMillis) throws StoreException {
        try {
            return inTransaction(RETENTION_TIMEOUT_MILLIS, conn -> JdbcHistory.deleteOlderThan(conn, tsMillis));
        } catch (SQLException e) {
            throw new StoreException(where + ": retention delete failed, nothing was deleted: "
                    + JdbcHistory.reason(e) + hint(e), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction: one query finds each room with more than {@code perRoom} messages and its cut-off seq
     * by index seeks on the (room, seq) primary key (see {@link JdbcHistory#KEEP_NEWEST_CUTOFFS}), then one
     * {@code DELETE ... WHERE room = ? AND seq <= ?} per such room, sent as a single JDBC batch — each a range of
     * the primary key. (A single {@code DELETE ... USING} joining the cut-offs would let the planner pick a hash
     * join over a sequential scan of the whole table, since it cannot know how few rows the cut-offs select.)
     * PostgreSQL's row versioning means appends are not blocked meanwhile; rows appended during the prune have
     * higher seqs and stay.
     */
    @Override
    public int keepNewest(int perRoom) throws StoreException {
        JdbcHistory.checkPerRoom(perRoom);
        try {
            return inTransaction(RETENTION_TIMEOUT_MILLIS, conn -> {
                int n = 0;
                List<JdbcHistory.Cutoff> cutoffs = JdbcHistory.keepNewestCutoffs(conn, perRoom);
                if (!cutoffs.isEmpty()) {
                    try (PreparedStatement ps = conn.prepareStatement(JdbcHistory.DELETE_ROOM_UP_TO)) {
                        for (JdbcHistory.Cutoff cut : cutoffs) {
                            ps.setString(1, cut.room());
                            ps.setLong(2, cut.seq());
                            ps.addBatch();
                        }
                        for (int count : ps.executeBatch()) {
                            n += Math.max(count, 0);
                        }
                    }
                }
                return n;
            });
        } catch (SQLException e) {
            throw new StoreException(where + ": retention by count failed, nothing was deleted: "
                    + JdbcHistory.reason(e) + hint(e), e);
        }
    }

    @Override
    public void createAccount(String name, String passwordHash, long createdMillis) throws StoreException {
        if (!read("createAccount", c -> JdbcAccounts.insertAccount(c, NO_NUL.apply(name), passwordHash, createdMillis))) {
            throw new DuplicateNameException(name);
        }
    }

    @Override
    public Account find(String name) throws StoreException {
        return read("find account", c -> JdbcAccounts.find(c, NO_NUL.apply(name)));
    }

    @Override
    public void saveSession(String tokenHash, String name, long expiresMillis) throws StoreException {
        read("saveSession", c -> {
            JdbcAccounts.insertSession(c, tokenHash, NO_NUL.apply(name), expiresMillis);
            return null;
        });
    }

    @Override
    public void deleteSession(String tokenHash) throws StoreException {
        read("deleteSession", c -> JdbcAccounts.deleteSession(c, tokenHash));
    }

    @Override
    public List<StoredSession> liveSessions(long nowMillis) throws StoreException {
        return read("liveSessions", c -> JdbcAccounts.live(c, nowMillis));
    }

    @Override
    public int deleteExpiredSessions(long nowMillis) throws StoreException {
        return read("deleteExpiredSessions", c -> JdbcAccounts.deleteExpired(c, nowMillis));
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public boolean ping() {
        try (Connection conn = pool.getConnection()) {
            return conn.isValid(2);
        } catch (SQLException e) {
            log.debug("{}: ping failed: {}", where, e.toString());
            return false;
        }
    }

    @Override
    public void close() {
        if (!pool.isClosed()) {
            pool.close();
            log.info("closed {}", where);
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    <T> T read(String what, Query<T> query) throws StoreException {
        try (Connection conn = pool.getConnection()) {
            return query.run(conn);
        } catch (SQLException e) {
            throw new StoreException(where + ": " + what + " failed: " + JdbcHistory.reason(e) + hint(e), e);
        }
    }

    /** What to check when the failure looks like a connection problem. */
    private static String hint(SQLException e) {
        String state = e.getSQLState();
        boolean connection = e instanceof SQLTransientConnectionException
                || (state != null && state.startsWith("08"));
        return connection ? " (is PostgreSQL up and reachable? the pool reconnects by itself once it is)" : "";
    }

    /**
     * {@code postgresql://host:port/db}, plus {@code ?currentSchema=…} when one is chosen — no other driver
     * parameter, so no password ends up in logs.
     */
    static String describe(String jdbcUrl, String schema) {
        String s = redact(jdbcUrl).substring("jdbc:".length());
        String chosen = schema != null ? schema : urlParameter(jdbcUrl, "currentSchema");
        return chosen == null ? s : s + "?currentSchema=" + chosen;
    }

    private static String urlParameter(String jdbcUrl, String name) {
        int q = jdbcUrl.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : jdbcUrl.substring(q + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "null";
        }
        int q = jdbcUrl.indexOf('?');
        String s = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
        int at = s.indexOf('@');
        int slashes = s.indexOf("//");
        if (at > 0 && slashes >= 0 && at > slashes) {
            s = s.substring(0, slashes + 2) + s.substring(at + 1);
        }
        return s;
    }
}
