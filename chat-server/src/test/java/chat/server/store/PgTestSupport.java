package chat.server.store;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the PostgreSQL tests run: {@code CHAT_TEST_PG_URL}, else the local test database. When it cannot be
 * reached the tests are skipped loudly — or fail when {@code CI=true}, so CI never silently skips them.
 */
public final class PgTestSupport {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private static volatile String unreachable; // null: not checked or reachable
    private static volatile boolean checked;

    private PgTestSupport() {
    }

    public static String url() {
        String env = System.getenv("CHAT_TEST_PG_URL");
        return env == null || env.isBlank() ? DEFAULT_URL : env.trim();
    }

    /** Skips (or, with CI=true, fails) the calling test when PostgreSQL cannot be reached. */
    public static void requireReachable() {
        if (!checked) {
            synchronized (PgTestSupport.class) {
                if (!checked) {
                    DriverManager.setLoginTimeout(3);
                    try (Connection c = DriverManager.getConnection(url() + (url().contains("?") ? "&" : "?")
                            + "connectTimeout=3")) {
                        c.isValid(3);
                    } catch (SQLException e) {
                        unreachable = e.getMessage();
                    }
                    checked = true;
                }
            }
        }
        if (unreachable != null) {
            String msg = "PostgreSQL tests NOT RUN: cannot reach " + PostgresStore.describe(url(), null) + " ("
                    + unreachable + "). Start PostgreSQL or set CHAT_TEST_PG_URL.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg + " Failing because CI=true.");
            }
            System.err.println("!!! " + msg);
            Assumptions.abort(msg); // a loud skip outside CI (the line above says why)
        }
    }

    public static String freshSchemaName() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    public static Connection raw() throws SQLException {
        return DriverManager.getConnection(url());
    }

    public static void dropSchema(String schema) throws SQLException {
        try (Connection c = raw(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }

    /** {@link #url()} with its host and port replaced by {@code 127.0.0.1:port} (to go through a proxy). */
    static String urlVia(int port) {
        URI u = URI.create(url().substring("jdbc:".length()));
        String rest = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        return "jdbc:postgresql://127.0.0.1:" + port + rest;
    }

    /** The target host and port of {@link #url()}. */
    static String host() {
        return URI.create(url().substring("jdbc:".length())).getHost();
    }

    static int port() {
        int p = URI.create(url().substring("jdbc:".length())).getPort();
        return p < 0 ? 5432 : p;
    }
}
