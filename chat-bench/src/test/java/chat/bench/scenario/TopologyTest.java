package chat.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TopologyTest {
    @Test
    void oneRoomHasSendersFirstAndUntrackedSlowClientsLast() {
        Topology t = Topology.oneRoom(10, 3, 2, null);
        assertEquals(12, t.clients());
        assertEquals(3, t.senders());
        assertEquals(2, t.senderClient(2));
        assertEquals(-1, t.senderIdOf(5));
        assertFalse(t.tracked(10));
        assertNull(t.roomName(0));
        assertArrayEquals(new int[] {9}, t.recipients(false));
        assertArrayEquals(new int[] {10}, t.recipients(true));
    }

    @Test
    void roomsSplitMembersAndSendersEvenly() {
        Topology t = Topology.rooms(3, 4, 2, "r");
        assertEquals(12, t.clients());
        assertEquals(6, t.senders());
        assertEquals(2, t.roomOf(9));
        assertEquals("r2", t.roomName(2));
        assertEquals(8, t.senderClient(4));
        assertEquals(2, t.senderRoom(4));
        assertEquals(0, t.senderLocal(4));
        assertEquals(1, t.senderLocal(5));
        assertArrayEquals(new int[] {3, 3, 3}, t.recipients(false));
    }

    @Test
    void recountsRecipientsOverConnectedClientsOnly() {
        Topology t = Topology.rooms(2, 3, 1, "r");
        boolean[] connected = {true, true, true, true, false, false};
        t.recount(connected);
        assertArrayEquals(new int[] {2, 0}, t.recipients(false));
    }
}
