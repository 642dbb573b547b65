package chat.bench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StreamTrackerTest {
    @Test
    void countsInOrderDeliveries() {
        StreamTracker t = new StreamTracker();
        for (long n = 0; n < 1000; n++) {
            assertEquals(Delivery.IN_ORDER, t.accept(n));
        }
        assertEquals(0, t.missing());
    }

    @Test
    void tellsRepeatsAsDuplicates() {
        StreamTracker t = new StreamTracker();
        t.accept(0);
        t.accept(1);
        assertEquals(Delivery.DUPLICATE, t.accept(1));
        assertEquals(Delivery.DUPLICATE, t.accept(0));
    }

    @Test
    void tellsGapFillersAsOutOfOrderAndTheirRepeatsAsDuplicates() {
        StreamTracker t = new StreamTracker();
        t.accept(0);
        assertEquals(Delivery.IN_ORDER, t.accept(3));
        assertEquals(2, t.missing());
        assertEquals(Delivery.OUT_OF_ORDER, t.accept(2));
        assertEquals(Delivery.DUPLICATE, t.accept(2));
        assertEquals(Delivery.DUPLICATE, t.accept(3));
        assertEquals(Delivery.OUT_OF_ORDER, t.accept(1));
        assertEquals(0, t.missing());
        assertEquals(Delivery.IN_ORDER, t.accept(4));
    }

    @Test
    void keepsLostNumbersMissing() {
        StreamTracker t = new StreamTracker();
        for (long n = 0; n < 100; n++) {
            if (n % 10 != 5) {
                t.accept(n);
            }
        }
        assertEquals(10, t.missing());
    }

    @Test
    void countsMissingFromTheStartWhenFirstMessagesNeverCame() {
        StreamTracker t = new StreamTracker();
        assertEquals(Delivery.IN_ORDER, t.accept(5));
        assertEquals(5, t.missing());
        assertEquals(Delivery.OUT_OF_ORDER, t.accept(0));
    }

    @Test
    void forgetsGapsOlderThanTheWindowAndReportsThemLate() {
        StreamTracker t = new StreamTracker();
        t.accept(0);
        t.accept(2); // 1 missing
        long far = 2 + StreamTracker.WINDOW * 2L;
        t.accept(far); // forces a rebase; 1 is forgotten
        assertEquals(Delivery.LATE, t.accept(1));
    }

    @Test
    void rejectsCorruptJumps() {
        StreamTracker t = new StreamTracker();
        assertNull(t.accept(StreamTracker.MAX_JUMP + 10));
        assertEquals(Delivery.IN_ORDER, t.accept(0));
    }
}
