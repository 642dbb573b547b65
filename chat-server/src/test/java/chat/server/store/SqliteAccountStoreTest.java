package chat.server.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqliteAccountStoreTest extends AccountStoreContract {

    @TempDir
    Path tmp;

    @Override
    protected AccountStore openFresh() throws Exception {
        return SqliteStore.open(tmp.resolve("data"));
    }

    @Test
    void accountsAndSessionsSurviveReopen() throws Exception {
        accounts.createAccount("Alice", "h", 1);
        accounts.saveSession("aa", "Alice", 5_000);
        ((SqliteStore) accounts).close();
        accounts = SqliteStore.open(tmp.resolve("data"));
        assertEquals("Alice", accounts.find("alice").name());
        assertEquals(List.of(new AccountStore.StoredSession("aa", "Alice", 5_000)), accounts.liveSessions(0));
    }

    @Test
    void version1DatabaseMigratesToVersion2KeepingHistory() throws Exception {
        Path dir = tmp.resolve("v1");
        java.nio.file.Files.createDirectories(dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME))) {
            MigrationSupport.createVersion1(c, Schema.Dialect.SQLITE, "");
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO messages (room, seq, ts, sender, text) VALUES ('lobby', 7, 1, 'ann', 'hi')");
            }
        }
        try (SqliteStore s = SqliteStore.open(dir)) {
            assertEquals(7, s.maxSeq("lobby"));
            s.createAccount("Alice", "h", 1);
            assertEquals("Alice", s.find("ALICE").name());
            s.saveSession("aa", "Alice", 10);
            assertEquals(1, s.liveSessions(0).size());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
    }
}
