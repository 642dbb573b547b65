package chat.server.store;

import chat.server.protocol.ChatMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Cluster mode's numbering on the real PostgreSQL: two stores (as two nodes) appending to the same rooms at once
 * get unique, gap-free seqs, continuing after what is stored; a failed transaction consumes none.
 */
class PostgresNumberingTest {
    private String schema;
    private PostgresStore nodeA;
    private PostgresStore nodeB;

    @BeforeEach
    void open() throws Exception {
        PgTestSupport.requireReachable();
        schema = PgTestSupport.freshSchemaName();
        nodeA = PostgresStore.open(PgTestSupport.url(), schema);
        nodeB = PostgresStore.open(PgTestSupport.url(), schema);
    }

    @AfterEach
    void close() throws Exception {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (schema != null) {
            PgTestSupport.dropSchema(schema);
        }
    }

    private static List<ChatMessage> drafts(String from, int n, String... rooms) {
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ChatMessage(rooms[i % rooms.length], 0, i, from, from + i));
        }
        return out;
    }

    @Test
    void concurrentNodesGetUniqueGapFreeSeqsPerRoom() throws Exception {
        nodeA.append(List.of(new ChatMessage("one", 1, 0, "x", "stored before")), List.of());
        int batches = 40;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (PostgresStore node : List.of(nodeA, nodeB)) {
                String from = node == nodeA ? "a" : "b";
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < batches; i++) {
                        // rooms in both orders: the key-ordered locks must not deadlock
                        String[] rooms = (i % 2 == 0) == (node == nodeA) ? new String[]{"one", "two"} : new String[]{"two", "one"};
                        List<ChatMessage> stored = node.appendSequenced(drafts(from, 10, rooms), List.of());
                        assertEquals(10, stored.size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<ChatMessage> one = nodeA.after("one", 0, 10_000);
        List<ChatMessage> two = nodeA.after("two", 0, 10_000);
        assertEquals(1 + 2 * batches * 5, one.size());
        assertEquals(2 * batches * 5, two.size());
        for (int i = 0; i < one.size(); i++) {
            assertEquals(i + 1, one.get(i).seq(), "room one continues after the stored seq with no gap");
        }
        for (int i = 0; i < two.size(); i++) {
            assertEquals(i + 1, two.get(i).seq());
        }
    }

    @Test
    void numberedInInputOrderPerRoom() throws Exception {
        List<ChatMessage> stored = nodeA.appendSequenced(List.of(
                new ChatMessage("r", 99, 1, "u", "first"),
                new ChatMessage("s", 99, 2, "u", "other room"),
                new ChatMessage("r", 99, 3, "u", "second")), List.of());
        assertEquals(List.of(1L, 1L, 2L), stored.stream().map(ChatMessage::seq).toList(), "the drafts' seqs are ignored");
        assertEquals("second", nodeB.after("r", 1, 10).get(0).text());
        assertEquals(List.of(), nodeA.appendSequenced(List.of(), List.of()));
    }

    @Test
    void aFailedTransactionConsumesNoSeq() throws Exception {
        nodeA.appendSequenced(drafts("a", 2, "r"), List.of());
        List<ChatMessage> bad = List.of(new ChatMessage("r", 0, 1, null, "no sender")); // NOT NULL violated
        assertThrows(StoreException.class, () -> nodeA.appendSequenced(bad, List.of()));
        assertEquals(3L, nodeB.appendSequenced(drafts("b", 1, "r"), List.of()).get(0).seq());
        assertEquals(3L, nodeA.maxSeq("r"));
    }
}
