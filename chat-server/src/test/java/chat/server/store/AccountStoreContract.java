package chat.server.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What every {@link AccountStore} promises. Subclasses provide a fresh, empty store per test. */
abstract class AccountStoreContract {

    protected AccountStore accounts;

    protected abstract AccountStore openFresh() throws Exception;

    protected void cleanUp() throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        accounts = openFresh();
    }

    @AfterEach
    void close() throws Exception {
        try {
            if (accounts instanceof AutoCloseable c) {
                c.close();
            }
        } finally {
            cleanUp();
        }
    }

    @Test
    void createdAccountIsFoundIgnoringCaseWithItsOwnSpelling() throws Exception {
        assertNull(accounts.find("Alice"));
        accounts.createAccount("Alice", "$2a$10$hash", 1_000);
        assertEquals(new AccountStore.Account("Alice", "$2a$10$hash"), accounts.find("alice"));
        assertEquals(new AccountStore.Account("Alice", "$2a$10$hash"), accounts.find("ALICE"));
        assertNull(accounts.find("Alic"));
    }

    @Test
    void duplicateNamesIgnoringCaseAreRefused() throws Exception {
        accounts.createAccount("José", "h1", 1);
        DuplicateNameException e = assertThrows(DuplicateNameException.class,
                () -> accounts.createAccount("JOSÉ", "h2", 2));
        assertEquals("name already taken: JOSÉ", e.getMessage());
        assertEquals("h1", accounts.find("josé").passwordHash());
        accounts.createAccount("Josef", "h3", 3); // a different name is fine
    }

    @Test
    void sessionsAreSavedListedWhileLiveAndDeleted() throws Exception {
        accounts.saveSession("aa", "Alice", 1_000);
        accounts.saveSession("bb", "Bob", 2_000);
        accounts.saveSession("cc", "Carol", 3_000);
        assertEquals(List.of(new AccountStore.StoredSession("aa", "Alice", 1_000),
                new AccountStore.StoredSession("bb", "Bob", 2_000),
                new AccountStore.StoredSession("cc", "Carol", 3_000)), accounts.liveSessions(999));
        assertEquals(List.of("bb", "cc"),
                accounts.liveSessions(1_000).stream().map(AccountStore.StoredSession::tokenHash).toList());

        accounts.deleteSession("cc");
        accounts.deleteSession("unknown"); // absent is fine
        assertEquals(List.of("aa", "bb"),
                accounts.liveSessions(0).stream().map(AccountStore.StoredSession::tokenHash).toList());

        assertEquals(1, accounts.deleteExpiredSessions(1_000)); // expires <= now
        assertEquals(0, accounts.deleteExpiredSessions(1_000));
        assertEquals(List.of("bb"),
                accounts.liveSessions(0).stream().map(AccountStore.StoredSession::tokenHash).toList());
    }
}
