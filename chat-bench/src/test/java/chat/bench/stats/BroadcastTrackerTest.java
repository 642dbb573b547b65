package chat.bench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BroadcastTrackerTest {
    @Test
    void recordsTheLastRecipientsLatencyOnceAllArrived() {
        LoopRecorder all = new LoopRecorder(1);
        BroadcastTracker t = new BroadcastTracker(2, 10, all);
        t.onSend(1, 7, 3);
        t.onDelivery(0, 1, 7, 5_000_000);
        t.onDelivery(0, 1, 7, 9_000_000);
        assertEquals(0, t.completed());
        t.onDelivery(0, 1, 7, 2_000_000);
        assertEquals(1, t.completed());
        LatencySummary s = LatencySummary.of(all.total());
        assertEquals(1, s.count());
        assertEquals(9.0, s.max(), 0.01);
    }

    @Test
    void leavesBroadcastsWithALostRecipientIncomplete() {
        LoopRecorder all = new LoopRecorder(1);
        BroadcastTracker t = new BroadcastTracker(1, 10, all);
        t.onSend(0, 0, 2);
        t.onSend(0, 1, 2);
        t.onDelivery(0, 0, 0, 1_000_000);
        t.onDelivery(0, 0, 1, 1_000_000);
        t.onDelivery(0, 0, 1, 1_000_000);
        assertEquals(1, t.completed());
    }

    @Test
    void ignoresDeliveriesOfUnregisteredOrOverwrittenSlots() {
        LoopRecorder all = new LoopRecorder(1);
        BroadcastTracker t = new BroadcastTracker(1, 1, all);
        int slots = t.slots();
        t.onSend(0, 0, 1);
        t.onSend(0, slots, 1); // same slot, newer message
        t.onDelivery(0, 0, 0, 1_000_000);
        assertEquals(0, t.completed());
        t.onDelivery(0, 0, 5, 1_000_000); // never sent
        assertEquals(0, t.completed());
        t.onDelivery(0, 0, slots, 1_000_000);
        assertEquals(1, t.completed());
    }
}
