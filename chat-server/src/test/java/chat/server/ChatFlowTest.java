package chat.server;

import chat.server.testing.ServerTestSupport;
import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed chat flow end to end, over loopback with real WebSocket clients. */
class ChatFlowTest extends ServerTestSupport {

    @Test
    void broadcastReachesEveryoneElseAndSenderGetsAck() throws Exception {
        start(ServerConfig.builder().store("none"));
        TestClient alice = join("Alice");
        TestClient bob = join("Bob");
        TestClient carol = join("Carol");

        alice.send("type", "message", "text", "hello", "id", "m1");

        JsonNode ack = alice.next("ack");
        assertEquals("m1", ack.get("id").asText());
        assertEquals("lobby", ack.get("room").asText());
        assertTrue(ack.get("seq").asLong() >= 1);
        for (TestClient c : List.of(bob, carol)) {
            JsonNode m = c.next("message");
            assertEquals("hello", m.get("text").asText());
            assertEquals("Alice", m.get("from").asText());
            assertEquals("lobby", m.get("room").asText());
            assertEquals(ack.get("seq").asLong(), m.get("seq").asLong());
            assertEquals(ack.get("ts").asLong(), m.get("ts").asLong());
        }
        assertTrue(alice.drain(Duration.ofMillis(300)).stream().noneMatch(f -> "message".equals(f.path("type").asText())),
                "the sender must not get its own message back");
    }

    @Test
    void welcomeComesFirstThenJoinedWithMembers() throws Exception {
        start(ServerConfig.builder().store("none"));
        join("Alice");
        TestClient bob = connect("name=Bob");
        JsonNode welcome = bob.nextAny();
        assertEquals("welcome", welcome.get("type").asText());
        assertEquals("Bob", welcome.get("name").asText());
        assertEquals("lobby", welcome.get("room").asText());
        assertEquals("chat-server", welcome.at("/server/name").asText());
        JsonNode joined = bob.nextAny();
        assertEquals("joined", joined.get("type").asText());
        assertEquals("[\"Alice\",\"Bob\"]", joined.get("members").toString());
        assertEquals(0, joined.get("seq").asLong());
    }

    @Test
    void plainTextFrameIsAMessageToTheDefaultRoom() throws Exception {
        start(ServerConfig.builder().store("none"));
        TestClient seed = join("seed");
        TestClient other = join("other");
        seed.sendText("just typing a line");
        assertEquals("just typing a line", other.next("message").get("text").asText());
        assertFalse(seed.next("ack").has("id"));
    }

    @Test
    void namesDefaultToAnonymousAndGetSuffixesWhenTaken() throws Exception {
        start(ServerConfig.builder().store("none"));
        assertEquals("Anonymous", connect("").next("welcome").get("name").asText());
        assertEquals("Anonymous-2", connect("name=").next("welcome").get("name").asText());
        assertEquals("Alice", connect("name=%20Alice%20").next("welcome").get("name").asText());
        assertEquals("alice-2", connect("name=alice").next("welcome").get("name").asText(),
                "names are unique case-insensitively");
        TestClient third = connect("name=Alice");
        assertEquals("Alice-3", third.next("welcome").get("name").asText());
        third.close();
        third.awaitClose();
        // A released name is free again (the server releases it when the close is processed).
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        String name;
        do {
            TestClient again = connect("name=Alice");
            name = again.next("welcome").get("name").asText();
            again.close();
        } while (!"Alice-3".equals(name) && !name.equals("Alice-4") && System.nanoTime() < deadline);
        assertTrue(name.equals("Alice-3") || name.equals("Alice-4"), name);
    }

    @Test
    void invalidNameGetsErrorAndClose1008() throws Exception {
        start(ServerConfig.builder().store("none"));
        for (String bad : List.of("name=%3Cscript%3E", "name=" + "x".repeat(33), "room=no%20spaces", "since=-4")) {
            TestClient c = connect(bad);
            JsonNode error = c.next("error");
            assertEquals("bad_request", error.get("code").asText(), bad);
            assertEquals(1008, c.awaitClose().code(), bad);
        }
        TestClient longest = connect("name=" + "x".repeat(32));
        assertEquals("x".repeat(32), longest.next("welcome").get("name").asText());
    }

    @Test
    void concurrentSendersProduceOneStrictOrderSeenIdenticallyByAll() throws Exception {
        start(ServerConfig.builder().store("none").rate(0));
        int senders = 4, perSender = 100;
        List<TestClient> sending = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            sending.add(join("s" + i));
        }
        TestClient r1 = join("r1");
        TestClient r2 = join("r2");
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch go = new CountDownLatch(1);
        for (TestClient s : sending) {
            pool.execute(() -> {
                try {
                    go.await();
                    for (int n = 0; n < perSender; n++) {
                        s.send("type", "message", "text", s + "#" + n);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        List<Long> seq1 = seqs(r1, senders * perSender);
        List<Long> seq2 = seqs(r2, senders * perSender);
        assertEquals(seq1, seq2, "every member sees the same order");
        for (int i = 1; i < seq1.size(); i++) {
            assertEquals(seq1.get(i - 1) + 1, seq1.get(i), "seq strictly increasing without gaps");
        }
    }

    private static List<Long> seqs(TestClient c, int count) throws InterruptedException {
        List<Long> out = new ArrayList<>();
        while (out.size() < count) {
            out.add(c.next("message").get("seq").asLong());
        }
        return out;
    }

    @Test
    void pingGetsPongWithSameId() throws Exception {
        start(ServerConfig.builder().store("none"));
        TestClient c = join("p");
        c.send("type", "ping", "id", "x1");
        assertEquals("x1", c.next("pong").get("id").asText());
    }

    @Test
    void badRequestsGetErrorsAndTheConnectionStaysUp() throws Exception {
        start(ServerConfig.builder().store("none"));
        TestClient c = join("bad");
        TestClient other = join("other");
        c.sendText("{not json");
        assertEquals("bad_request", c.next("error").get("code").asText());
        c.send("type", "teleport", "id", "t1");
        JsonNode unknown = c.next("error");
        assertEquals("bad_request", unknown.get("code").asText());
        assertEquals("t1", unknown.get("id").asText());
        c.send("type", "message", "id", "t2");
        assertTrue(c.next("error").get("message").asText().contains("text"));
        c.send("type", "message", "text", 42);
        assertEquals("bad_request", c.next("error").get("code").asText());
        c.sendBinary(new byte[]{1, 2, 3});
        assertTrue(c.next("error").get("message").asText().contains("binary"));
        c.send("type", "message", "text", "x".repeat(ServerConfig.DEFAULT_MAX_TEXT_LENGTH + 1), "id", "big");
        JsonNode tooLarge = c.next("error");
        assertEquals("too_large", tooLarge.get("code").asText());
        assertEquals("big", tooLarge.get("id").asText());
        c.send("type", "message", "text", "x".repeat(ServerConfig.DEFAULT_MAX_TEXT_LENGTH), "id", "max");
        assertEquals("max", c.next("ack").get("id").asText());
        c.send("type", "message", "text", "still here");
        assertEquals("still here", other.next(f -> f.path("text").asText().equals("still here"), "message").get("text").asText());
        assertTrue(c.isOpen());
    }

    @Test
    void reconnectWithSinceGetsExactlyTheMissedMessages() throws Exception {
        start(ServerConfig.builder().store("none"));
        TestClient talker = join("talker");
        TestClient listener = join("listener");
        talker.sendText("one");
        long seen = listener.next("message").get("seq").asLong();
        listener.close();
        listener.awaitClose();
        talker.sendText("two");
        talker.sendText("three");
        talker.next("ack");
        talker.next("ack");
        talker.next("ack");
        TestClient back = connect("name=listener&since=" + seen);
        back.next("welcome");
        JsonNode joined = back.next("joined");
        assertTrue(joined.get("recovered").asBoolean());
        assertEquals(2, joined.get("messages").size());
        assertEquals("two", joined.get("messages").get(0).get("text").asText());
        assertEquals("three", joined.get("messages").get(1).get("text").asText());
        assertEquals(seen + 2, joined.get("seq").asLong());
        talker.sendText("four");
        assertEquals(seen + 3, back.next("message").get("seq").asLong());
    }
}
