package chat.server.auth;

import chat.server.store.AccountStore;
import chat.server.store.DuplicateNameException;
import chat.server.store.MemoryStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountServiceTest {

    static final Duration TTL = Duration.ofHours(1);
    static final long T0 = 1_700_000_000_000L;

    MutableClock clock;
    MemoryStore store;
    AccountService accounts;
    InetAddress a1;
    InetAddress a2;

    @BeforeEach
    void setUp() throws Exception {
        clock = new MutableClock(T0);
        store = new MemoryStore(10);
        accounts = AccountService.start(store, TTL, clock);
        a1 = InetAddress.getByName("192.0.2.1");
        a2 = InetAddress.getByName("192.0.2.2");
    }

    @Test
    void registerLoginVerifyLogout() throws Exception {
        assertEquals("Alice", accounts.register("  Alice ", "correct horse"));
        LoginResult r = accounts.login("alice", "correct horse", a1);
        assertEquals("Alice", r.name());
        assertEquals(T0 + TTL.toMillis(), r.expiresMillis());
        assertEquals(32, Base64.getUrlDecoder().decode(r.token()).length);
        assertFalse(r.token().contains("="));
        assertFalse(r.toString().contains(r.token()));

        // stored as the SHA-256 hex, never the token itself
        AccountStore.StoredSession s = store.liveSessions(T0).get(0);
        assertEquals(AccountService.hash(r.token()), s.tokenHash());
        assertEquals(64, s.tokenHash().length());
        assertFalse(s.tokenHash().contains(r.token()));

        assertEquals(new Identity("Alice", true, r.expiresMillis(), null), accounts.verify(r.token()));
        accounts.logout(r.token());
        assertEquals("token: unknown or logged out",
                assertThrows(AuthException.class, () -> accounts.verify(r.token())).getMessage());
        assertTrue(store.liveSessions(T0).isEmpty());
        assertThrows(AuthException.class, () -> accounts.verify("nonsense"));
        assertThrows(AuthException.class, () -> accounts.verify(null));
    }

    @Test
    void sessionsExpireAndAreReloadedOnStart() throws Exception {
        accounts.register("Bob", "password1");
        LoginResult r = accounts.login("Bob", "password1", a1);
        clock.advance(TTL.minusMillis(1));
        assertEquals("Bob", accounts.verify(r.token()).name());

        // a restarted service finds the session in the store
        AccountService restarted = AccountService.start(store, TTL, clock);
        assertEquals("Bob", restarted.verify(r.token()).name());

        clock.advance(Duration.ofMillis(1));
        assertEquals("token: expired", assertThrows(AuthException.class, () -> accounts.verify(r.token())).getMessage());
        assertEquals(0, accounts.cachedSessions());
        assertEquals(1, restarted.purgeExpired());
        assertEquals(0, restarted.cachedSessions());
        assertTrue(AccountService.start(store, TTL, clock).cachedSessions() == 0);
    }

    @Test
    void passwordPolicyBoundsInUtf8Bytes() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> accounts.register("p7", "1234567"));
        assertEquals("p8", accounts.register("p8", "12345678"));
        assertEquals("p72", accounts.register("p72", "x".repeat(72)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> accounts.register("p73", "x".repeat(73)));
        assertTrue(e.getMessage().startsWith("password: 8–72 bytes"), e.getMessage());
        // bytes, not chars: 36 two-byte letters are 72 bytes, 37 are 74
        accounts.register("u72", "é".repeat(36));
        assertThrows(IllegalArgumentException.class, () -> accounts.register("u74", "é".repeat(37)));
        assertThrows(IllegalArgumentException.class, () -> accounts.register("u6", "ééé")); // 6 bytes
        assertThrows(IllegalArgumentException.class, () -> accounts.register("nopw", null));
        assertEquals("p72", accounts.login("P72", "x".repeat(72), a1).name());
        assertEquals("u72", accounts.login("u72", "é".repeat(36), a1).name());
    }

    @Test
    void invalidNamesAreRefused() {
        for (String bad : new String[] {null, "", "   ", "a<b>", "x".repeat(33), "tab\there"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> accounts.register(bad, "password1"));
            assertTrue(e.getMessage().startsWith("name:"), e.getMessage());
        }
    }

    @Test
    void duplicateNamesIgnoringCaseAreRefused() throws Exception {
        accounts.register("Carol", "password1");
        assertThrows(DuplicateNameException.class, () -> accounts.register("CAROL", "password2"));
        assertThrows(DuplicateNameException.class, () -> accounts.register(" carol", "password2"));
        assertEquals("Carol", accounts.login("carol", "password1", a1).name());
    }

    @Test
    void unknownNameAndWrongPasswordLookTheSame() throws Exception {
        accounts.register("Dave", "password1");
        String wrong = assertThrows(AuthException.class, () -> accounts.login("Dave", "password2", a1)).getMessage();
        String unknown = assertThrows(AuthException.class, () -> accounts.login("Nobody", "password1", a2)).getMessage();
        String invalid = assertThrows(AuthException.class, () -> accounts.login("<bad>", "password1", null)).getMessage();
        String tooLong = assertThrows(AuthException.class,
                () -> accounts.login("Dave", "x".repeat(100), InetAddress.getByName("192.0.2.9"))).getMessage();
        assertEquals("invalid name or password", wrong);
        assertEquals(wrong, unknown);
        assertEquals(wrong, invalid);
        assertEquals(wrong, tooLong);
    }

    @Test
    void failuresBackOffExponentiallyPerNameAndSuccessResets() throws Exception {
        accounts.register("Eve", "password1");
        InetAddress[] addrs = new InetAddress[12];
        for (int i = 0; i < addrs.length; i++) {
            addrs[i] = InetAddress.getByName("198.51.100." + (i + 1)); // a new address each time: name throttle only
        }
        for (int i = 0; i < 3; i++) {
            assertThrows(AuthException.class, () -> accounts.login("Eve", "wrong-pass", addrs[0]));
        }
        // three free failures, then each failure blocks for 1 s, 2 s, 4 s
        assertThrows(AuthException.class, () -> accounts.login("eve", "wrong-pass", addrs[1]));
        ThrottledException t = assertThrows(ThrottledException.class,
                () -> accounts.login("Eve", "password1", addrs[2])); // even the right password is not checked
        assertEquals(1, t.retryAfterSeconds());
        clock.advance(Duration.ofSeconds(1));
        assertThrows(AuthException.class, () -> accounts.login("Eve", "wrong-pass", addrs[3]));
        assertEquals(2, assertThrows(ThrottledException.class,
                () -> accounts.login("Eve", "wrong-pass", addrs[4])).retryAfterSeconds());
        clock.advance(Duration.ofMillis(1500));
        assertEquals(1, assertThrows(ThrottledException.class,
                () -> accounts.login("Eve", "wrong-pass", addrs[4])).retryAfterSeconds()); // 0.5 s rounds up
        clock.advance(Duration.ofMillis(500));
        assertThrows(AuthException.class, () -> accounts.login("Eve", "wrong-pass", addrs[5]));
        assertEquals(4, assertThrows(ThrottledException.class,
                () -> accounts.login("Eve", "password1", addrs[6])).retryAfterSeconds());
        clock.advance(Duration.ofSeconds(4));

        // success clears the name's counter: three free failures again
        assertEquals("Eve", accounts.login("Eve", "password1", addrs[7]).name());
        for (int i = 0; i < 3; i++) {
            assertThrows(AuthException.class, () -> accounts.login("Eve", "wrong-pass", addrs[8]));
        }
        assertThrows(AuthException.class, () -> accounts.login("Eve", "wrong-pass", addrs[9]));
        assertThrows(ThrottledException.class, () -> accounts.login("Eve", "password1", addrs[10]));
    }

    @Test
    void backoffIsCappedAtFiveMinutes() {
        assertEquals(0, LoginThrottle.backoffMillis(3));
        assertEquals(1_000, LoginThrottle.backoffMillis(4));
        assertEquals(256_000, LoginThrottle.backoffMillis(12));
        assertEquals(300_000, LoginThrottle.backoffMillis(13));
        assertEquals(300_000, LoginThrottle.backoffMillis(Integer.MAX_VALUE));
    }

    @Test
    void oneAddressIsThrottledAcrossNamesAndSuccessDoesNotClearIt() throws Exception {
        accounts.register("Frank", "password1");
        for (int i = 0; i < 4; i++) {
            String name = "victim" + i;
            assertThrows(AuthException.class, () -> accounts.login(name, "password1", a1));
        }
        assertEquals(1, assertThrows(ThrottledException.class,
                () -> accounts.login("someone-else", "password1", a1)).retryAfterSeconds());
        assertEquals("Frank", accounts.login("Frank", "password1", a2).name()); // another address is fine
        clock.advance(Duration.ofSeconds(1));
        assertEquals("Frank", accounts.login("Frank", "password1", a1).name());
        // the address keeps its count: the next failure from it blocks for 2 s
        assertThrows(AuthException.class, () -> accounts.login("victim9", "password1", a1));
        assertEquals(2, assertThrows(ThrottledException.class,
                () -> accounts.login("Frank", "password1", a1)).retryAfterSeconds());
    }

    @Test
    void throttleForgetsIdleEntriesAndStaysBounded() {
        LoginThrottle t = new LoginThrottle(clock, 4);
        for (int i = 0; i < 10; i++) {
            t.failure("n" + i, null);
        }
        assertTrue(t.size() <= 4, "size " + t.size());
        clock.advance(Duration.ofMillis(LoginThrottle.IDLE_MILLIS + 1));
        t.sweep();
        assertEquals(0, t.size());
    }
}
