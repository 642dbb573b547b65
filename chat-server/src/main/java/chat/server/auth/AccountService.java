package chat.server.auth;

import chat.server.protocol.UserNames;
import chat.server.store.AccountStore;
import chat.server.store.DuplicateNameException;
import chat.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCrypt;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User accounts with passwords, and the login sessions they open. A session is a random bearer token
 * (32 bytes from {@link SecureRandom}, base64url without padding); the store keeps only its SHA-256, so a
 * leaked database does not hand out live tokens.
 *
 * <p><b>Threading.</b> {@link #register}, {@link #login}, {@link #logout} and {@link #purgeExpired} block
 * (bcrypt and the store): call them from a blocking executor, never an event loop. {@link #verify} is
 * CPU-only — it consults an in-memory cache of the live sessions, loaded by {@link #start} and kept in step by
 * login/logout — so it may run on an event loop. Thread-safe.
 *
 * <p><b>Login failures</b> all say {@value #INVALID}, whether the name exists or not; an unknown name still
 * costs one bcrypt check (against a fixed dummy hash) so the answer time does not reveal it either. Repeated
 * failures are throttled per name and per client address ({@link LoginThrottle}): {@link ThrottledException}.
 */
public final class AccountService implements TokenVerifier {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    /**
     * The bcrypt work factor: 2^10 rounds, about 50–100 ms per hash on one current core — OWASP's minimum for
     * bcrypt, slow enough to make offline guessing of a stolen hash expensive, fast enough that logins on a small
     * blocking pool (2 cores) do not queue. Raise it as hardware gets faster; stored hashes carry their own cost.
     */
    public static final int BCRYPT_COST = 10;
    /** The shortest password accepted, in UTF-8 bytes. */
    public static final int MIN_PASSWORD_BYTES = 8;
    /**
     * The longest password accepted, in UTF-8 bytes: bcrypt only uses the first 72 bytes of its input, so longer
     * passwords would silently match anything with the same first 72 bytes — refused instead of truncated.
     */
    public static final int MAX_PASSWORD_BYTES = 72;
    /** The one message of every failed login. */
    public static final String INVALID = "invalid name or password";

    private static final int TOKEN_BYTES = 32;
    /** Longer strings cannot be one of our tokens (43 chars); rejected before hashing. */
    private static final int MAX_TOKEN_CHARS = 256;
    private static final int MAX_THROTTLE_KEY_CHARS = 64;

    private final AccountStore store;
    private final Duration sessionTtl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final LoginThrottle throttle;
    private final ConcurrentHashMap<String, Cached> sessions = new ConcurrentHashMap<>();
    private final String dummyHash;

    private record Cached(String name, long expiresMillis) {
    }

    public AccountService(AccountStore store, Duration sessionTtl, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.sessionTtl = Objects.requireNonNull(sessionTtl, "sessionTtl");
        if (sessionTtl.isNegative() || sessionTtl.isZero() || sessionTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("session ttl: " + sessionTtl + " (expected: at least 1 s)");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.throttle = new LoginThrottle(clock);
        this.dummyHash = BCrypt.hashpw("not a password of anyone", BCrypt.gensalt(BCRYPT_COST, random));
    }

    /** Creates the service on the system clock and loads the live sessions from {@code store}. Blocking. */
    public static AccountService start(AccountStore store, Duration sessionTtl) throws StoreException {
        return start(store, sessionTtl, Clock.systemUTC());
    }

    static AccountService start(AccountStore store, Duration sessionTtl, Clock clock) throws StoreException {
        AccountService service = new AccountService(store, sessionTtl, clock);
        service.loadSessions();
        return service;
    }

    /** (Re)loads the live sessions from the store into the cache. Blocking. */
    void loadSessions() throws StoreException {
        for (AccountStore.StoredSession s : store.liveSessions(clock.millis())) {
            sessions.put(s.tokenHash(), new Cached(s.name(), s.expiresMillis()));
        }
        log.info("accounts: {} live sessions loaded", sessions.size());
    }

    /** How long a login lasts. */
    public Duration sessionTtl() {
        return sessionTtl;
    }

    /**
     * Creates an account. Blocking (bcrypt, store).
     *
     * @return the stored name (trimmed)
     * @throws IllegalArgumentException if the name is not a valid display name or the password is outside
     *                                  {@value #MIN_PASSWORD_BYTES}–{@value #MAX_PASSWORD_BYTES} UTF-8 bytes
     * @throws DuplicateNameException   if the name is taken (ignoring case)
     */
    public String register(String name, String password) throws StoreException {
        String normalized = UserNames.normalize(name);
        if (normalized == null) {
            throw new IllegalArgumentException("name: 1–" + UserNames.MAX_LENGTH
                    + " letters, digits, spaces, _ - . expected");
        }
        if (password == null) {
            throw new IllegalArgumentException("password: missing");
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_PASSWORD_BYTES || bytes > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password: " + MIN_PASSWORD_BYTES + "–" + MAX_PASSWORD_BYTES
                    + " bytes (UTF-8) expected");
        }
        store.createAccount(normalized, BCrypt.hashpw(password, BCrypt.gensalt(BCRYPT_COST, random)), clock.millis());
        log.info("accounts: registered {}", normalized);
        return normalized;
    }

    /**
     * Checks a name and password and opens a session. Blocking (bcrypt, store).
     *
     * @param client the client's address for throttling, or {@code null} to throttle by name only
     * @throws ThrottledException if this name or address failed too often recently (the password is not checked)
     * @throws AuthException      {@value #INVALID}, for an unknown name and a wrong password alike
     */
    public LoginResult login(String name, String password, InetAddress client)
            throws AuthException, ThrottledException, StoreException {
        String normalized = UserNames.normalize(name);
        String key = throttleKey(normalized != null ? normalized : name);
        long wait = throttle.retryAfterMillis(key, client);
        if (wait > 0) {
            throw new ThrottledException(Math.max(1, (wait + 999) / 1000));
        }
        AccountStore.Account account = normalized == null ? null : store.find(normalized);
        boolean usable = password != null && password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
        boolean ok;
        if (account != null && usable) {
            ok = check(password, account.passwordHash());
        } else {
            check(usable ? password : "x", dummyHash); // same cost as a real check
            ok = false;
        }
        if (!ok) {
            throttle.failure(key, client);
            throw new AuthException(INVALID);
        }
        throttle.success(key);
        byte[] raw = new byte[TOKEN_BYTES];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long expires = clock.millis() + sessionTtl.toMillis();
        String hash = hash(token);
        store.saveSession(hash, account.name(), expires);
        sessions.put(hash, new Cached(account.name(), expires));
        return new LoginResult(token, account.name(), expires);
    }

    /** Ends the session of {@code token} (unknown is fine). Blocking (store). */
    public void logout(String token) throws StoreException {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return;
        }
        String hash = hash(token);
        sessions.remove(hash);
        store.deleteSession(hash);
    }

    /** Returns the identity of a live session token. CPU-only. */
    @Override
    public Identity verify(String token) throws AuthException {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new AuthException("token: unknown or logged out");
        }
        String hash = hash(token);
        Cached s = sessions.get(hash);
        if (s == null) {
            throw new AuthException("token: unknown or logged out");
        }
        if (clock.millis() >= s.expiresMillis()) {
            sessions.remove(hash, s);
            throw new AuthException("token: expired");
        }
        return new Identity(s.name(), true, s.expiresMillis(), null);
    }

    /** Drops expired sessions from the cache and the store, and idle throttle entries. Blocking; returns the store's count. */
    public int purgeExpired() throws StoreException {
        long now = clock.millis();
        sessions.values().removeIf(s -> now >= s.expiresMillis());
        throttle.sweep();
        return store.deleteExpiredSessions(now);
    }

    /** Live sessions held in the cache (tests, metrics). */
    int cachedSessions() {
        return sessions.size();
    }

    private static boolean check(String password, String hash) {
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            log.warn("accounts: unreadable password hash in the store: {}", e.getMessage());
            return false;
        }
    }

    private static String throttleKey(String name) {
        String s = name == null ? "" : name.strip();
        if (s.length() > MAX_THROTTLE_KEY_CHARS) {
            s = s.substring(0, MAX_THROTTLE_KEY_CHARS);
        }
        return AccountStore.nameKey(s);
    }

    /** SHA-256 of the token's UTF-8 bytes, lower-case hex: the only form a token is stored in. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "AccountService[ttl=" + sessionTtl + "]";
    }
}
