package chat.server;

import chat.server.testing.ControllableStore;
import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Durable history end to end on SQLite: paging, resume with since, retries, restarts, store trouble. */
class HistoryFlowTest {
    @TempDir
    Path dataDir;
    private ChatServer server;
    private final List<TestClient> clients = new ArrayList<>();

    private ServerConfig.Builder sqlite() {
        return ServerConfig.builder().host("127.0.0.1").port(0).rate(0).dataDir(dataDir);
    }

    private TestClient connect(String query) throws Exception {
        TestClient c = TestClient.connect(server.port(), query);
        clients.add(c);
        return c;
    }

    private TestClient join(String name) throws Exception {
        TestClient c = connect("name=" + name);
        c.next("welcome");
        c.next("joined");
        return c;
    }

    private void stopServer() {
        clients.forEach(TestClient::close);
        clients.clear();
        if (server != null) {
            server.close(Duration.ZERO);
            server = null;
        }
    }

    @AfterEach
    void stop() {
        stopServer();
    }

    private static List<Long> seqs(JsonNode messages) {
        List<Long> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.get("seq").asLong()));
        return out;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    private static void post(TestClient c, int count, String prefix) throws InterruptedException {
        for (int i = 1; i <= count; i++) {
            c.send("type", "message", "text", prefix + i, "id", prefix + i);
        }
        for (int i = 1; i <= count; i++) {
            c.next("ack");
        }
    }

    @Test
    void historyPagesBackwardsNewestPageFirst() throws Exception {
        server = ChatServer.start(sqlite().recentMessages(10).build());
        TestClient a = join("a");
        post(a, 120, "m");
        a.send("type", "history", "room", "lobby", "limit", 50, "id", "h1");
        JsonNode page = a.next("history");
        assertEquals("h1", page.get("id").asText());
        assertEquals(range(71, 120), seqs(page.get("messages")));
        assertTrue(page.get("more").asBoolean());
        a.send("type", "history", "room", "lobby", "limit", 50, "before", 71);
        assertEquals(range(21, 70), seqs(a.next("history").get("messages")));
        a.send("type", "history", "room", "lobby", "before", 21);
        JsonNode last = a.next("history");
        assertEquals(range(1, 20), seqs(last.get("messages")));
        assertFalse(last.get("more").asBoolean());
        assertEquals("m1", last.at("/messages/0/text").asText());
        a.send("type", "history", "room", "elsewhere");
        assertEquals("not_member", a.next("error").get("code").asText());
    }

    @Test
    void reconnectWithSinceGetsExactlyTheMissedMessagesFromTheStoreThenLive() throws Exception {
        server = ChatServer.start(sqlite().recentMessages(5).build()); // a small window: the replay comes from SQLite
        TestClient talker = join("talker");
        TestClient listener = join("listener");
        post(talker, 3, "before");
        long seen = 0;
        for (int i = 0; i < 3; i++) {
            seen = listener.next("message").get("seq").asLong();
        }
        listener.close();
        listener.awaitClose();
        post(talker, 40, "missed");
        TestClient back = connect("name=listener&since=" + seen);
        back.next("welcome");
        JsonNode joined = back.next("joined");
        assertTrue(joined.get("recovered").asBoolean());
        assertEquals(range(seen + 1, seen + 40), seqs(joined.get("messages")));
        assertEquals("missed1", joined.at("/messages/0/text").asText());
        assertEquals(seen + 40, joined.get("seq").asLong());
        talker.sendText("live");
        JsonNode live = back.next("message");
        assertEquals(seen + 41, live.get("seq").asLong());
        assertTrue(back.drain(Duration.ofMillis(200)).stream().noneMatch(f -> f.path("type").asText().equals("message")),
                "no duplicate");
    }

    @Test
    void freshJoinAfterRestartShowsStoredHistoryAndSeqContinues() throws Exception {
        server = ChatServer.start(sqlite().build());
        post(join("a"), 3, "old");
        stopServer();
        server = ChatServer.start(sqlite().build());
        TestClient b = connect("name=b");
        b.next("welcome");
        JsonNode joined = b.next("joined");
        assertEquals(range(1, 3), seqs(joined.get("messages")));
        assertEquals(3, joined.get("seq").asLong());
        b.sendText("new");
        assertEquals(4, b.next("ack").get("seq").asLong(), "a seq is never reused across restarts");
    }

    @Test
    void retentionKeepsTheNewestMessagesPerRoomAndSeqContinues() throws Exception {
        server = ChatServer.start(sqlite().build());
        post(join("a"), 5, "m");
        stopServer();
        server = ChatServer.start(sqlite().retainMessages(2).build()); // pruned right at start, off the event loops
        TestClient b = join("b");
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        List<Long> kept;
        do {
            b.send("type", "history", "room", "lobby");
            kept = seqs(b.next("history").get("messages"));
        } while (!kept.equals(range(4, 5)) && System.nanoTime() < deadline);
        assertEquals(range(4, 5), kept);
        b.sendText("after pruning");
        assertEquals(6, b.next("ack").get("seq").asLong());
    }

    @Test
    void retryWithTheSameIdIsAckedAgainNotPostedTwice() throws Exception {
        server = ChatServer.start(sqlite().build());
        TestClient a = join("a");
        TestClient b = join("b");
        a.send("type", "message", "text", "once", "id", "same");
        long seq = a.next("ack").get("seq").asLong();
        a.send("type", "message", "text", "once", "id", "same");
        JsonNode again = a.next("ack");
        assertEquals(seq, again.get("seq").asLong());
        assertEquals("same", again.get("id").asText());
        b.next("message");
        assertTrue(b.drain(Duration.ofMillis(300)).stream().noneMatch(f -> f.path("type").asText().equals("message")));
    }

    @Test
    void emptiedRoomKeepsItsSeqWhenRecreated() throws Exception {
        server = ChatServer.start(sqlite().store("none").build());
        TestClient a = join("a");
        a.send("type", "join", "room", "side");
        a.next("joined");
        a.send("type", "message", "room", "side", "text", "x");
        assertEquals(1, a.next("ack").get("seq").asLong());
        a.send("type", "leave", "room", "side");
        Thread.sleep(100);
        a.send("type", "join", "room", "side");
        a.next("joined");
        a.send("type", "message", "room", "side", "text", "y");
        assertEquals(2, a.next("ack").get("seq").asLong());
    }

    @Test
    void fullStoreQueueGetsUnavailableAndNothingBlocks() throws Exception {
        ControllableStore store = new ControllableStore();
        server = ChatServer.start(sqlite().storeQueue(5).storeBatch(1).build(), store);
        TestClient a = join("a");
        TestClient b = join("b");
        store.hang();
        for (int i = 0; i < 20; i++) {
            a.send("type", "message", "text", "t" + i, "id", "t" + i);
        }
        int unavailable = 0;
        for (JsonNode f : a.drain(Duration.ofMillis(500))) {
            if (f.path("type").asText().equals("error")) {
                assertEquals("unavailable", f.get("code").asText());
                unavailable++;
            }
        }
        assertTrue(unavailable >= 14 && unavailable <= 15, "unavailable: " + unavailable);
        a.send("type", "ping", "id", "alive");
        assertEquals("alive", a.next("pong").get("id").asText(), "the event loop is not blocked");
        store.release();
        List<Long> acked = new ArrayList<>();
        for (int i = 0; i < 20 - unavailable; i++) {
            acked.add(a.next("ack").get("seq").asLong());
        }
        assertEquals(range(1, 20 - unavailable), acked, "refused messages took no seq: no gap");
        for (long seq : acked) {
            assertEquals(seq, b.next("message").get("seq").asLong());
        }
    }

    @Test
    void storeOutageIsReportedAndRecoversByItself() throws Exception {
        ControllableStore store = new ControllableStore();
        server = ChatServer.start(sqlite().build(), store);
        TestClient a = join("a");
        store.failing(true);
        a.send("type", "message", "text", "during outage", "id", "o1");
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (server.hub().history().healthy() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(server.hub().history().healthy(), "outage reported");
        store.failing(false);
        JsonNode ack = a.next("ack");
        assertEquals("o1", ack.get("id").asText());
        assertEquals(1, ack.get("seq").asLong());
        assertTrue(server.hub().history().healthy(), "recovered");
    }

    @Test
    void requestsSentBeforeASlowJoinCompletesWaitForItInsteadOfFailing() throws Exception {
        server = ChatServer.start(sqlite().recentMessages(10).build());
        TestClient a = join("a");
        for (int i = 1; i <= 30; i++) {
            a.send("type", "message", "text", "m" + i, "id", "a" + i);
            a.next("ack");
        }
        TestClient b = join("b");
        // since=1 is older than the 10 kept in memory: this join reads the store before it completes.
        b.send("type", "leave", "room", "lobby");
        b.send("type", "join", "room", "lobby", "since", 1);
        b.send("type", "message", "room", "lobby", "text", "right after joining", "id", "b1");
        b.send("type", "typing", "room", "lobby");
        b.send("type", "history", "room", "lobby", "limit", 5, "id", "h1");
        JsonNode joined = b.next(f -> f.path("type").asText().equals("joined") && f.path("room").asText().equals("lobby")
                && f.has("recovered"), "joined lobby with since");
        assertEquals(29, joined.get("messages").size(), "replayed from the store");
        JsonNode ack = null;
        JsonNode page = null;
        while (ack == null || page == null) { // replies of different kinds come in no set order
            JsonNode f = b.next(x -> x.path("type").asText().matches("ack|history|error"), "ack and history");
            assertFalse(f.path("type").asText().equals("error"), "refused: " + f);
            if (f.path("type").asText().equals("ack")) {
                ack = f;
            } else {
                page = f;
            }
        }
        assertEquals("b1", ack.get("id").asText(), "the message sent before joined completed is posted, not refused");
        assertEquals(31, ack.get("seq").asLong());
        assertEquals("h1", page.get("id").asText());
        assertEquals("right after joining", a.next("message").get("text").asText());
    }
}
