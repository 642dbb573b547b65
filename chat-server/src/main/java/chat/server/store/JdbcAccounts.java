package chat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of {@link AccountStore}, the same for SQLite and PostgreSQL (schema version 2). */
final class JdbcAccounts {

    private JdbcAccounts() {
    }

    /** Returns whether the account was inserted ({@code false}: the name key exists). */
    static boolean insertAccount(Connection c, String name, String passwordHash, long created) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (name_key, name, password_hash, created)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (name_key) DO NOTHING")) {
            ps.setString(1, AccountStore.nameKey(name));
            ps.setString(2, name);
            ps.setString(3, passwordHash);
            ps.setLong(4, created);
            return ps.executeUpdate() == 1;
        }
    }

    static AccountStore.Account find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, password_hash FROM accounts WHERE name_key = ?")) {
            ps.setString(1, AccountStore.nameKey(name));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new AccountStore.Account(rs.getString(1), rs.getString(2)) : null;
            }
        }
    }

    static void insertSession(Connection c, String tokenHash, String name, long expires) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sessions (token_hash, name, expires) VALUES (?, ?, ?)")) {
            ps.setString(1, tokenHash);
            ps.setString(2, name);
            ps.setLong(3, expires);
            ps.executeUpdate();
        }
    }

    static int deleteSession(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            return ps.executeUpdate();
        }
    }

    static List<AccountStore.StoredSession> live(Connection c, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT token_hash, name, expires FROM sessions WHERE expires > ? ORDER BY expires")) {
            ps.setLong(1, now);
            List<AccountStore.StoredSession> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AccountStore.StoredSession(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return out;
        }
    }

    static int deleteExpired(Connection c, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE expires <= ?")) {
            ps.setLong(1, now);
            return ps.executeUpdate();
        }
    }
}
