package chat.server.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemoryStoreTest extends HistoryStoreContract {

    @Override
    protected HistoryStore openFresh() {
        return new MemoryStore(10_000);
    }

    @Test
    void keepsOnlyTheLastNPerRoomAndReportsWhatItHolds() throws Exception {
        try (MemoryStore small = new MemoryStore(3)) {
            small.append(msgs("a", 1, 5), List.of());
            small.append(msgs("b", 1, 2), List.of());
            assertEquals(List.of(3L, 4L, 5L), seqs(small.after("a", 0, 10)));
            assertEquals(List.of(3L, 4L, 5L), seqs(small.before("a", Long.MAX_VALUE, 10)));
            assertEquals(Map.of("a", 5L, "b", 2L), small.maxSeqs());
            small.append(msgs("a", 6, 6), List.of());
            assertEquals(List.of(4L, 5L, 6L), seqs(small.after("a", 0, 10)));
            assertThrows(StoreException.class, () -> small.append(msgs("a", 5, 5), List.of()));
        }
    }

    @Test
    void keepsOnlyTheLastNDirectsPerPair() throws Exception {
        try (MemoryStore small = new MemoryStore(2)) {
            small.append(List.of(), List.of(dm(1, "ann", "bob", "1"), dm(2, "bob", "ann", "2"),
                    dm(3, "ann", "bob", "3"), dm(4, "ann", "cat", "c")));
            assertEquals(List.of("2", "3"), small.directs("ann", "bob", 10).stream().map(DirectMessage::text).toList());
            assertEquals(List.of("c"), small.directs("cat", "ann", 10).stream().map(DirectMessage::text).toList());
        }
    }

    @Test
    void capacityMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MemoryStore(0));
        assertEquals("memory store capacity must be at least 1, got 0", e.getMessage());
    }

    @Test
    void describesItself() {
        assertEquals("memory", store.describe());
    }
}
