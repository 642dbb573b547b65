package chat.server.store;

import java.util.List;
import java.util.Locale;

/**
 * User accounts and login sessions. Names are unique case-insensitively: each account is keyed by
 * {@link #nameKey} of its name, and keeps the spelling it was registered with. Sessions are stored by the
 * hash of their token only, never the token itself.
 *
 * <p>Every method blocks and may throw {@link StoreException}; never call on an event loop. Thread-safe.
 * Implementations: {@link SqliteStore}, {@link PostgresStore} (durable), {@link MemoryStore} (accounts and
 * sessions vanish on restart).
 */
public interface AccountStore {

    /** A stored account: its registered spelling and its password hash (bcrypt). */
    record Account(String name, String passwordHash) {
    }

    /** A stored session: the SHA-256 hex of its token, the account name, and when it expires (epoch ms). */
    record StoredSession(String tokenHash, String name, long expiresMillis) {
    }

    /** The case-insensitive key of {@code name}. */
    static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Creates an account.
     *
     * @throws DuplicateNameException if an account with the same name ignoring case exists
     */
    void createAccount(String name, String passwordHash, long createdMillis) throws StoreException;

    /** Returns the account named {@code name} (ignoring case), or {@code null}. */
    Account find(String name) throws StoreException;

    /** Stores a session. */
    void saveSession(String tokenHash, String name, long expiresMillis) throws StoreException;

    /** Removes a session; absent is fine. */
    void deleteSession(String tokenHash) throws StoreException;

    /** Returns the sessions with {@code expiresMillis > nowMillis}. */
    List<StoredSession> liveSessions(long nowMillis) throws StoreException;

    /** Removes the sessions with {@code expiresMillis <= nowMillis}; returns how many. */
    int deleteExpiredSessions(long nowMillis) throws StoreException;
}
