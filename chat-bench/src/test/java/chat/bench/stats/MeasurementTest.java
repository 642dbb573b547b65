package chat.bench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MeasurementTest {
    private static final long S = 1_000_000_000L;

    @Test
    void countsOnlyMessagesIntendedInsideTheWindow() {
        Measurement m = new Measurement(10 * S, 20 * S, 1, 1, 1, 100);
        assertFalse(m.counts(10 * S - 1));
        assertTrue(m.counts(10 * S));
        assertTrue(m.counts(20 * S - 1));
        assertFalse(m.counts(20 * S));
        m.close();
        assertFalse(m.counts(15 * S));
    }

    @Test
    void derivesExpectedLostDuplicatesAndOutOfOrder() {
        Measurement m = new Measurement(0, 2 * S, 1, 2, 1, 100);
        int recipients = 3;
        for (long seq = 0; seq < 4; seq++) {
            for (int sender = 0; sender < 2; sender++) {
                m.onSent(0, sender, 0, seq, recipients, 1000);
            }
        }
        // 8 messages x 3 recipients = 24 expected; deliver 22, one of them out of order, plus 2 duplicates.
        int delivered = 0;
        for (long seq = 0; seq < 4; seq++) {
            for (int sender = 0; sender < 2; sender++) {
                for (int r = 0; r < recipients; r++) {
                    if (delivered < 22) {
                        m.onDelivered(0, 0, sender, seq, 1_000_000, seq == 2 && r == 0 ? Delivery.OUT_OF_ORDER
                                : Delivery.IN_ORDER);
                        delivered++;
                    }
                }
            }
        }
        m.onDuplicate(0);
        m.onDuplicate(0);
        m.onNotSent();
        m.close();
        PhaseResult p = PhaseResult.from(m, "t", 4, new int[] {recipients}, new String[] {null}, null, 0);
        assertEquals(8, p.sent());
        assertEquals(1, p.notSent());
        assertEquals(24, p.expected());
        assertEquals(22, p.delivered());
        assertEquals(2, p.lost());
        assertEquals(2, p.duplicates());
        assertEquals(2, p.outOfOrder());
        assertEquals(7, p.broadcastsComplete());
        assertEquals(1, p.broadcastsIncomplete());
        assertEquals(11.0, p.deliveriesPerSec(), 1e-9);
        assertFalse(p.exact());
    }

    @Test
    void reportsPerRoomCorrectnessIncludingWrongRoomDeliveries() {
        Measurement m = new Measurement(0, S, 1, 2, 2, 100);
        m.onSent(0, 0, 0, 0, 1, 0);
        m.onSent(0, 1, 1, 0, 2, 0);
        m.onDelivered(0, 0, 0, 0, 1000, Delivery.IN_ORDER);
        m.onDelivered(0, 1, 1, 0, 1000, Delivery.IN_ORDER);
        m.onDelivered(0, 1, 1, 0, 1000, Delivery.IN_ORDER);
        m.onWrongRoom(1);
        m.close();
        PhaseResult p = PhaseResult.from(m, "rooms", 2, new int[] {1, 2}, new String[] {"r0", "r1"}, null, 0);
        assertEquals(3, p.expected());
        assertEquals(3, p.delivered());
        assertEquals(1, p.wrongRoom());
        assertEquals(2, p.rooms().size());
        assertEquals(new RoomResult("r1", 2, 1, 2, 2, 0, 0, 1), p.rooms().get(1));
        assertFalse(p.exact());
    }

    @Test
    void isExactWhenEverythingArrivedOnce() {
        Measurement m = new Measurement(0, S, 1, 1, 1, 100);
        m.onSent(0, 0, 0, 0, 2, 0);
        m.onDelivered(0, 0, 0, 0, 1000, Delivery.IN_ORDER);
        m.onDelivered(0, 0, 0, 0, 3000, Delivery.IN_ORDER);
        m.close();
        PhaseResult p = PhaseResult.from(m, "b", 1, new int[] {2}, new String[] {null}, null, 0);
        assertTrue(p.exact());
        assertEquals(1, p.allDelivered().count());
        assertEquals(0.003, p.allDelivered().max(), 0.0005);
        assertTrue(p.rooms().isEmpty());
    }
}
