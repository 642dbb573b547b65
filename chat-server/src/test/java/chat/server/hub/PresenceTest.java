package chat.server.hub;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresenceTest {
    @Test
    void aNameIsListedOnceAndLeavesWithItsLastConnection() {
        Presence p = new Presence();
        assertTrue(p.add("al"));
        assertFalse(p.add("al"), "second tab");
        p.clearChanges();
        assertFalse(p.remove("al"), "one tab left");
        assertFalse(p.hasChanges());
        assertTrue(p.remove("al"));
        assertEquals(List.of("al"), p.left());
        assertEquals(List.of(), p.names());
    }

    @Test
    void aFlapWithinATickIsAnnouncedWithItsFinalStatus() {
        Presence p = new Presence();
        p.add("x");
        p.clearChanges();
        p.remove("x");
        p.add("j"); // a member joining now gets a snapshot without x
        p.add("x");
        assertEquals(List.of("x", "j"), p.joined(), "x must still be announced, or j never learns it");
        assertEquals(List.of(), p.left());
    }

    @Test
    void namesAreSortedCaseInsensitively() {
        Presence p = new Presence();
        p.add("bob");
        p.add("Alice");
        p.add("carol");
        assertEquals(List.of("Alice", "bob", "carol"), p.names());
    }

    @Test
    void aHugeRoomListsOnlyTheLimitButCountsEveryone() {
        Presence p = new Presence();
        for (int i = 0; i < 700; i++) {
            p.add("n" + i);
        }
        assertEquals(500, p.names(500).size());
        assertEquals(700, p.size());
        assertEquals(700, p.names().size());
    }

    @Test
    void removingAnUnknownNameChangesNothing() {
        Presence p = new Presence();
        assertFalse(p.remove("ghost"));
        assertFalse(p.hasChanges());
    }
}
