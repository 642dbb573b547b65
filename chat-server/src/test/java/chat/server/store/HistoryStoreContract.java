package chat.server.store;

import chat.server.protocol.ChatMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link HistoryStore} shares. Subclasses provide a fresh, empty store per test.
 */
abstract class HistoryStoreContract {

    protected HistoryStore store;

    /** Returns a fresh, empty store. */
    protected abstract HistoryStore openFresh() throws Exception;

    /** Frees what {@link #openFresh} created (after the store is closed). */
    protected void cleanUp() throws Exception {
    }

    @BeforeEach
    void openStore() throws Exception {
        store = openFresh();
    }

    @AfterEach
    void closeStore() throws Exception {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            cleanUp();
        }
    }

    static ChatMessage msg(String room, long seq) {
        return new ChatMessage(room, seq, 1_000 + seq, "user" + (seq % 3), "text " + seq + " in " + room);
    }

    static List<ChatMessage> msgs(String room, long fromSeq, long toSeq) {
        return LongStream.rangeClosed(fromSeq, toSeq).mapToObj(s -> msg(room, s)).toList();
    }

    static DirectMessage dm(long ts, String from, String to, String text) {
        return new DirectMessage(0, ts, from, to, text);
    }

    static List<Long> seqs(List<ChatMessage> page) {
        return page.stream().map(ChatMessage::seq).toList();
    }

    @Test
    void emptyStoreAnswersEmpty() throws Exception {
        assertEquals(Map.of(), store.maxSeqs());
        assertEquals(0, store.maxSeq("lobby"));
        assertEquals(List.of(), store.before("lobby", Long.MAX_VALUE, 10));
        assertEquals(List.of(), store.after("lobby", 0, 10));
        assertEquals(List.of(), store.directs("ann", "bob", 10));
        assertTrue(store.ping());
        assertFalse(store.describe().isBlank());
    }

    @Test
    void appendedMessagesReadBackExactly() throws Exception {
        List<ChatMessage> batch = msgs("lobby", 1, 3);
        store.append(batch, List.of());
        assertEquals(batch, store.after("lobby", 0, 10));
        assertEquals(batch, store.before("lobby", Long.MAX_VALUE, 10));
        assertEquals(3, store.maxSeq("lobby"));
        assertEquals(Map.of("lobby", 3L), store.maxSeqs());
    }

    @Test
    void emptyAppendIsANoOp() throws Exception {
        store.append(List.of(), List.of());
        assertEquals(Map.of(), store.maxSeqs());
    }

    @Test
    void beforePagesBackwardsNewestPageFirst() throws Exception {
        store.append(msgs("lobby", 1, 5), List.of());
        List<ChatMessage> last = store.before("lobby", Long.MAX_VALUE, 2);
        assertEquals(List.of(4L, 5L), seqs(last));
        List<ChatMessage> previous = store.before("lobby", last.get(0).seq(), 2);
        assertEquals(List.of(2L, 3L), seqs(previous));
        List<ChatMessage> first = store.before("lobby", previous.get(0).seq(), 2);
        assertEquals(List.of(1L), seqs(first));
        assertEquals(List.of(), store.before("lobby", first.get(0).seq(), 2));
        assertEquals(List.of(), store.before("lobby", 0, 2));
    }

    @Test
    void afterPagesForwardsOldestFirst() throws Exception {
        store.append(msgs("lobby", 1, 5), List.of());
        assertEquals(List.of(1L, 2L), seqs(store.after("lobby", 0, 2)));
        assertEquals(List.of(3L, 4L), seqs(store.after("lobby", 2, 2)));
        assertEquals(List.of(5L), seqs(store.after("lobby", 4, 2)));
        assertEquals(List.of(), store.after("lobby", 5, 2));
        assertEquals(List.of(), store.after("lobby", Long.MAX_VALUE, 2));
    }

    @Test
    void limitsFromBothSides() throws Exception {
        store.append(msgs("lobby", 1, 5), List.of());
        assertEquals(List.of(5L), seqs(store.before("lobby", Long.MAX_VALUE, 1)));
        assertEquals(List.of(1L), seqs(store.after("lobby", 0, 1)));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(store.before("lobby", Long.MAX_VALUE, 1_000)));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(store.after("lobby", 0, 1_000)));
        assertEquals(List.of(1L, 2L), seqs(store.before("lobby", 3, 1_000)));
        assertEquals(List.of(4L, 5L), seqs(store.after("lobby", 3, 1_000)));
        assertEquals(List.of(), store.before("lobby", Long.MAX_VALUE, 0));
        assertEquals(List.of(), store.after("lobby", 0, 0));
    }

    @Test
    void pagingSkipsGapsInSeq() throws Exception {
        store.append(List.of(msg("lobby", 10), msg("lobby", 20), msg("lobby", 30)), List.of());
        assertEquals(List.of(10L, 20L), seqs(store.before("lobby", 30, 5)));
        assertEquals(List.of(20L, 30L), seqs(store.after("lobby", 10, 5)));
        assertEquals(30, store.maxSeq("lobby"));
    }

    @Test
    void duplicateSeqFailsTheWholeBatch() throws Exception {
        store.append(msgs("lobby", 1, 2), List.of(dm(1, "ann", "bob", "kept")));
        List<ChatMessage> bad = List.of(msg("lobby", 3), msg("other", 1), msg("lobby", 2), msg("lobby", 4));
        StoreException e = assertThrows(StoreException.class,
                () -> store.append(bad, List.of(dm(2, "ann", "bob", "lost"))));
        assertTrue(e.getMessage().contains("nothing of this batch was stored"), e.getMessage());
        assertTrue(e.getMessage().contains("same (room, seq)"), e.getMessage());
        assertFalse(e.getMessage().contains("text 3 in lobby"), "no chat text in messages/logs: " + e.getMessage());

        assertEquals(List.of(1L, 2L), seqs(store.after("lobby", 0, 10)));
        assertEquals(Map.of("lobby", 2L), store.maxSeqs());
        assertEquals(0, store.maxSeq("other"));
        assertEquals(List.of("kept"), store.directs("ann", "bob", 10).stream().map(DirectMessage::text).toList());
        // the original row is untouched
        assertEquals(msg("lobby", 2), store.after("lobby", 1, 1).get(0));
    }

    @Test
    void duplicateWithinOneBatchFailsTheWholeBatch() throws Exception {
        assertThrows(StoreException.class,
                () -> store.append(List.of(msg("lobby", 1), msg("lobby", 2), msg("lobby", 1)), List.of()));
        assertEquals(Map.of(), store.maxSeqs());
    }

    @Test
    void storeStaysUsableAfterAFailedAppend() throws Exception {
        store.append(msgs("lobby", 1, 2), List.of());
        assertThrows(StoreException.class, () -> store.append(msgs("lobby", 2, 3), List.of()));
        store.append(msgs("lobby", 3, 4), List.of(dm(5, "ann", "bob", "after failure")));
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(store.after("lobby", 0, 10)));
        assertEquals(1, store.directs("bob", "ann", 10).size());
    }

    @Test
    void roomsAreIsolated() throws Exception {
        store.append(List.of(msg("a", 1), msg("b", 1), msg("a", 2), msg("b", 2), msg("b", 3)), List.of());
        store.append(List.of(msg("c", 7)), List.of());
        assertEquals(List.of(1L, 2L), seqs(store.after("a", 0, 10)));
        assertEquals(List.of(1L, 2L, 3L), seqs(store.before("b", Long.MAX_VALUE, 10)));
        assertTrue(store.after("a", 0, 10).stream().allMatch(m -> m.room().equals("a")));
        assertEquals(Map.of("a", 2L, "b", 3L, "c", 7L), store.maxSeqs());
        assertEquals(2, store.maxSeq("a"));
        assertEquals(0, store.maxSeq("A")); // room names are compared exactly
        assertEquals(List.of(), store.after("nope", 0, 10));
    }

    @Test
    void directsInBothDirectionsComeBackAscending() throws Exception {
        store.append(List.of(), List.of(dm(10, "ann", "bob", "1 ann->bob"), dm(11, "bob", "ann", "2 bob->ann")));
        store.append(List.of(msg("lobby", 1)), List.of(dm(12, "ann", "cat", "x ann->cat"),
                dm(13, "cat", "ann", "y cat->ann"), dm(14, "ann", "bob", "3 ann->bob")));
        store.append(List.of(), List.of(dm(15, "bob", "ann", "4 bob->ann"), dm(16, "bob", "cat", "z bob->cat")));

        List<DirectMessage> ab = store.directs("ann", "bob", 10);
        assertEquals(List.of("1 ann->bob", "2 bob->ann", "3 ann->bob", "4 bob->ann"),
                ab.stream().map(DirectMessage::text).toList());
        assertEquals(ab, store.directs("bob", "ann", 10));
        for (int i = 1; i < ab.size(); i++) {
            assertTrue(ab.get(i).id() > ab.get(i - 1).id(), "ids ascend: " + ab);
        }
        assertTrue(ab.get(0).id() > 0, "ids are assigned by the store");
        assertEquals(new DirectMessage(ab.get(1).id(), 11, "bob", "ann", "2 bob->ann"), ab.get(1));

        assertEquals(List.of("3 ann->bob", "4 bob->ann"),
                store.directs("ann", "bob", 2).stream().map(DirectMessage::text).toList());
        assertEquals(List.of("4 bob->ann"), store.directs("bob", "ann", 1).stream().map(DirectMessage::text).toList());
        assertEquals(List.of("x ann->cat", "y cat->ann"),
                store.directs("cat", "ann", 10).stream().map(DirectMessage::text).toList());
        assertEquals(List.of(), store.directs("ann", "dan", 10));
        assertEquals(List.of(), store.directs("ann", "bob", 0));
    }

    @Test
    void directsToSelfAreNotDuplicated() throws Exception {
        store.append(List.of(), List.of(dm(1, "ann", "ann", "note to self"), dm(2, "ann", "bob", "hi")));
        assertEquals(List.of("note to self"),
                store.directs("ann", "ann", 10).stream().map(DirectMessage::text).toList());
    }

    @Test
    void unicodeEmojiAndQuotesRoundTrip() throws Exception {
        String[] texts = {
            "emoji 😀👍🏽👨‍👩‍👧‍👦 and 𝄞 (4-byte)",
            "quotes ' \" ` ’ “ ” and backslash \\ and \\' \\\"",
            "'); DROP TABLE messages; --",
            "CJK 李雷 韓國語 日本語, RTL שלום مرحبا, combining é (e\u0301)",
            "lines\nand\ttabs\r\nand ctrl \u0001\u001f",
            "x".repeat(10_000),
            "",
        };
        List<ChatMessage> batch = new ArrayList<>();
        List<DirectMessage> directs = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            batch.add(new ChatMessage("salle-é😀", i + 1, 100 + i, "José", texts[i]));
            directs.add(dm(100 + i, "李雷", "José", texts[i]));
        }
        store.append(batch, directs);
        assertEquals(batch, store.after("salle-é😀", 0, 100));
        assertEquals(List.of(texts), store.directs("José", "李雷", 100).stream().map(DirectMessage::text).toList());
        assertEquals(Map.of("salle-é😀", (long) texts.length), store.maxSeqs());
    }

    @Test
    void retentionDeletesOnlyOlderRowsAndKeepsEachRoomsNewest() throws Exception {
        Retention retention = (Retention) store;
        List<ChatMessage> a = new ArrayList<>();
        for (long seq = 1; seq <= 5; seq++) {
            a.add(new ChatMessage("a", seq, seq * 100, "ann", "a" + seq)); // ts 100..500
        }
        store.append(a, List.of(dm(100, "ann", "bob", "old"), dm(299, "bob", "ann", "old too"),
                dm(300, "ann", "bob", "kept"), dm(400, "bob", "ann", "kept too")));
        store.append(List.of(new ChatMessage("b", 9, 50, "bob", "old but b's newest")), List.of());

        assertEquals(4, retention.deleteOlderThan(300)); // a1, a2 and two directs
        assertEquals(List.of(3L, 4L, 5L), seqs(store.after("a", 0, 10)));
        assertEquals(List.of(9L), seqs(store.after("b", 0, 10)));
        assertEquals(Map.of("a", 5L, "b", 9L), store.maxSeqs());
        assertEquals(List.of("kept", "kept too"),
                store.directs("ann", "bob", 10).stream().map(DirectMessage::text).toList());

        assertEquals(0, retention.deleteOlderThan(300));
        assertEquals(2 + 2, retention.deleteOlderThan(Long.MAX_VALUE)); // a3, a4 and both directs; a5, b9 stay
        assertEquals(Map.of("a", 5L, "b", 9L), store.maxSeqs());
        assertEquals(List.of(5L), seqs(store.before("a", Long.MAX_VALUE, 10)));
        assertEquals(List.of(), store.directs("ann", "bob", 10));
    }

    @Test
    void concurrentReadsDuringAppendsSucceed() throws Exception {
        int batches = 150;
        int perBatch = 5;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int b = 0; b < batches; b++) {
                        long first = (long) b * perBatch + 1;
                        store.append(msgs("busy", first, first + perBatch - 1),
                                List.of(dm(b, "ann", "bob", "dm " + b)));
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(pool.submit(() -> {
                    long lastMax = 0;
                    do {
                        long max = store.maxSeq("busy");
                        assertTrue(max >= lastMax, "maxSeq never goes back");
                        lastMax = max;
                        assertContiguousAscending(store.before("busy", Long.MAX_VALUE, 20));
                        assertContiguousAscending(store.after("busy", Math.max(0, max - 30), 20));
                        List<DirectMessage> d = store.directs("bob", "ann", 10);
                        for (int i = 1; i < d.size(); i++) {
                            assertTrue(d.get(i).id() > d.get(i - 1).id());
                        }
                        reads.incrementAndGet();
                    } while (writing.get());
                    return null;
                }));
            }
            writer.get(60, TimeUnit.SECONDS);
            for (Future<?> r : readers) {
                r.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals((long) batches * perBatch, store.maxSeq("busy"));
        assertTrue(reads.get() >= 3, "readers ran: " + reads.get());
    }

    @Test
    void keepNewestOneKeepsExactlyEachRoomsNewest() throws Exception {
        Retention retention = (Retention) store;
        store.append(List.of(msg("a", 1), msg("b", 1), msg("a", 2), msg("a", 3), msg("b", 2), msg("c", 7)),
                List.of(dm(1, "ann", "bob", "old direct")));
        store.append(msgs("a", 4, 5), List.of());

        assertEquals(4 + 1, retention.keepNewest(1)); // a1..a4 and b1; c has only its newest
        assertEquals(List.of(5L), seqs(store.after("a", 0, 10)));
        assertEquals(List.of(2L), seqs(store.before("b", Long.MAX_VALUE, 10)));
        assertEquals(List.of(7L), seqs(store.after("c", 0, 10)));
        assertEquals(Map.of("a", 5L, "b", 2L, "c", 7L), store.maxSeqs());
        assertEquals(List.of("old direct"), store.directs("ann", "bob", 10).stream().map(DirectMessage::text).toList(),
                "directs are not counted per room");
        assertEquals(0, retention.keepNewest(1));
    }

    @Test
    void keepNewestAtOrAboveARoomsSizeKeepsItAll() throws Exception {
        Retention retention = (Retention) store;
        store.append(msgs("a", 1, 5), List.of());
        assertEquals(0, retention.keepNewest(5));
        assertEquals(0, retention.keepNewest(6));
        assertEquals(0, retention.keepNewest(Integer.MAX_VALUE));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(store.after("a", 0, 10)));
        assertEquals(1, retention.keepNewest(4));
        assertEquals(List.of(2L, 3L, 4L, 5L), seqs(store.after("a", 0, 10)));
    }

    @Test
    void pruningAnEmptyStoreDeletesNothing() throws Exception {
        Retention retention = (Retention) store;
        assertEquals(0, retention.keepNewest(1));
        assertEquals(0, retention.deleteOlderThan(Long.MAX_VALUE));
        assertEquals(Map.of(), store.maxSeqs());
    }

    @Test
    void keepNewestRejectsLessThanOne() throws Exception {
        Retention retention = (Retention) store;
        store.append(msgs("a", 1, 3), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> retention.keepNewest(0));
        assertEquals("keepNewest needs at least 1 message per room (each room's newest message always stays), got 0",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> retention.keepNewest(-1));
        assertThrows(IllegalArgumentException.class, () -> retention.keepNewest(Integer.MIN_VALUE));
        assertEquals(List.of(1L, 2L, 3L), seqs(store.after("a", 0, 10)));
    }

    @Test
    void keepNewestTreatsRoomsIndependently() throws Exception {
        Retention retention = (Retention) store;
        store.append(msgs("a", 1, 10), List.of());
        store.append(msgs("b", 1, 3), List.of());
        store.append(msgs("c", 1, 6), List.of());
        store.append(msgs("é😀", 1, 5), List.of());
        store.append(msgs("A", 1, 4), List.of()); // another room than "a"

        assertEquals(6 + 2 + 1, retention.keepNewest(4));
        assertEquals(List.of(7L, 8L, 9L, 10L), seqs(store.after("a", 0, 100)));
        assertEquals(List.of(1L, 2L, 3L), seqs(store.after("b", 0, 100)));
        assertEquals(List.of(3L, 4L, 5L, 6L), seqs(store.after("c", 0, 100)));
        assertEquals(List.of(2L, 3L, 4L, 5L), seqs(store.after("é😀", 0, 100)));
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(store.after("A", 0, 100)));
        assertEquals(Map.of("a", 10L, "b", 3L, "c", 6L, "é😀", 5L, "A", 4L), store.maxSeqs());
    }

    @Test
    void keepNewestCountsMessagesNotSeqNumbers() throws Exception {
        Retention retention = (Retention) store;
        store.append(List.of(msg("gaps", 10), msg("gaps", 20), msg("gaps", 30), msg("gaps", 40)), List.of());
        assertEquals(2, retention.keepNewest(2));
        assertEquals(List.of(30L, 40L), seqs(store.after("gaps", 0, 10)));
        assertEquals(40, store.maxSeq("gaps"));
    }

    @Test
    void pagingAndSeqStayConsistentAfterPruning() throws Exception {
        Retention retention = (Retention) store;
        store.append(msgs("a", 1, 20), List.of());
        assertEquals(15, retention.keepNewest(5));

        assertEquals(20, store.maxSeq("a"));
        assertEquals(Map.of("a", 20L), store.maxSeqs());
        assertEquals(List.of(16L, 17L, 18L, 19L, 20L), seqs(store.before("a", Long.MAX_VALUE, 10)));
        assertEquals(List.of(18L, 19L, 20L), seqs(store.before("a", Long.MAX_VALUE, 3)));
        assertEquals(List.of(16L, 17L), seqs(store.before("a", 18, 10)));
        assertEquals(List.of(), store.before("a", 16, 10)); // paging back ends at the pruned range
        assertEquals(List.of(16L, 17L, 18L), seqs(store.after("a", 0, 3))); // resuming from before it skips the gap
        assertEquals(List.of(16L, 17L, 18L), seqs(store.after("a", 10, 3)));
        assertEquals(List.of(18L, 19L, 20L), seqs(store.after("a", 17, 10)));
        assertEquals(List.of(), store.after("a", 20, 10));

        // seq continues after the stored max
        store.append(msgs("a", 21, 22), List.of());
        assertEquals(List.of(18L, 19L, 20L, 21L, 22L), seqs(store.before("a", Long.MAX_VALUE, 5)));
        assertEquals(2, retention.keepNewest(5));
        assertEquals(List.of(18L, 19L, 20L, 21L, 22L), seqs(store.after("a", 0, 10)));

        // the age rule afterwards still keeps the newest
        assertEquals(4, retention.deleteOlderThan(Long.MAX_VALUE));
        assertEquals(List.of(22L), seqs(store.after("a", 0, 10)));
        assertEquals(22, store.maxSeq("a"));
    }

    @Test
    void appendsDuringPrunesDoNotFail() throws Exception {
        Retention retention = (Retention) store;
        int batches = 120;
        int perBatch = 10;
        store.append(msgs("quiet", 1, 30), List.of());
        AtomicBoolean writing = new AtomicBoolean(true);
        int prunes = 0;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int b = 0; b < batches; b++) {
                        long first = (long) b * perBatch + 1;
                        store.append(msgs("busy", first, first + perBatch - 1),
                                List.of(dm(first, "ann", "bob", "dm " + b)));
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            do {
                retention.keepNewest(25);
                retention.deleteOlderThan(1_000 + 5); // msg() uses ts 1000 + seq: seqs 1..4 of both rooms
                prunes++;
                List<ChatMessage> newest = store.before("busy", Long.MAX_VALUE, 30);
                assertContiguousAscending(newest);
                assertTrue(newest.isEmpty() || newest.get(newest.size() - 1).seq() <= store.maxSeq("busy"));
            } while (writing.get());
            writer.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        long total = (long) batches * perBatch;
        assertEquals(total, store.maxSeq("busy"));
        assertEquals(30, store.maxSeq("quiet"));
        retention.keepNewest(25);
        assertEquals(LongStream.rangeClosed(total - 24, total).boxed().toList(), seqs(store.after("busy", 0, 100)));
        assertEquals(LongStream.rangeClosed(6, 30).boxed().toList(), seqs(store.after("quiet", 0, 100)));
        assertEquals(Map.of("busy", total, "quiet", 30L), store.maxSeqs());
        assertTrue(prunes >= 1);
    }

    private static void assertContiguousAscending(List<ChatMessage> page) {
        for (int i = 1; i < page.size(); i++) {
            assertEquals(page.get(i - 1).seq() + 1, page.get(i).seq(), "page is contiguous and ascending: "
                    + seqs(page));
        }
    }
}
