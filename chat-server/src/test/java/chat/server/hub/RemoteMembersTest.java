package chat.server.hub;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Other nodes' names in a room: each (node, name) counts once, and a dead node's names go together. */
class RemoteMembersTest {

    @Test
    void aNameCountsOncePerNode() {
        RemoteMembers m = new RemoteMembers();
        assertTrue(m.add("n1", "alice"));
        assertFalse(m.add("n1", "alice"), "a repeated join (snapshot and event) is not a second member");
        assertTrue(m.add("n2", "alice"), "the same user's tab on another node counts for that node");
        assertTrue(m.remove("n1", "alice"));
        assertFalse(m.remove("n1", "alice"));
        assertFalse(m.remove("n9", "alice"));
        assertEquals(Set.of("n2"), m.nodes());
    }

    @Test
    void aDeadNodesNamesLeaveTogether() {
        RemoteMembers m = new RemoteMembers();
        m.add("n1", "a");
        m.add("n1", "b");
        m.add("n2", "c");
        assertEquals(Set.of("a", "b"), m.removeNode("n1"));
        assertEquals(Set.of(), m.removeNode("n1"));
        assertEquals(Set.of("n2"), m.nodes());
    }

    @Test
    void aFullListReplacesWhatWasKnown() {
        RemoteMembers.Diff d = RemoteMembers.diff(Set.of("a", "b"), List.of("b", "c"));
        assertEquals(Set.of("a"), d.gone());
        assertEquals(Set.of("c"), d.added());
        RemoteMembers.Diff empty = RemoteMembers.diff(Set.of("a"), List.of());
        assertEquals(Set.of("a"), empty.gone());
        assertEquals(Set.of(), empty.added());
    }
}
