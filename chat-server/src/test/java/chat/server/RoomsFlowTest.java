package chat.server;

import chat.server.testing.ServerTestSupport;
import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rooms, presence, direct messages and typing, end to end. */
class RoomsFlowTest extends ServerTestSupport {

    private static JsonNode joinRoom(TestClient c, String room) throws InterruptedException {
        c.send("type", "join", "room", room);
        return c.next(f -> f.path("type").asText().equals("joined") && f.path("room").asText().equals(room), "joined " + room);
    }

    private static boolean isMessageIn(JsonNode f, String room) {
        return f.path("type").asText().equals("message") && f.path("room").asText().equals(room);
    }

    @Test
    void messagesStayInTheirRoom() throws Exception {
        start(ServerConfig.builder().store("none").rate(0));
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        TestClient carol = join("carol");
        JsonNode joined = joinRoom(alice, "dev");
        assertEquals("[\"alice\"]", joined.get("members").toString());
        joinRoom(carol, "dev");
        alice.send("type", "message", "room", "dev", "text", "dev only", "id", "d1");
        JsonNode ack = alice.next("ack");
        assertEquals("dev", ack.get("room").asText());
        assertEquals(1, ack.get("seq").asLong(), "seq is per room");
        JsonNode m = carol.next(f -> isMessageIn(f, "dev"), "dev message");
        assertEquals("dev only", m.get("text").asText());
        alice.send("type", "message", "text", "lobby too");
        assertEquals("lobby too", bob.next("message").get("text").asText());
        assertTrue(bob.drain(Duration.ofMillis(300)).stream().noneMatch(f -> isMessageIn(f, "dev")));
        bob.send("type", "message", "room", "dev", "text", "sneaky", "id", "x");
        JsonNode error = bob.next("error");
        assertEquals("not_member", error.get("code").asText());
        assertEquals("x", error.get("id").asText());
    }

    @Test
    void presenceAnnouncesJoinsLeavesAndAbruptDisconnects() throws Exception {
        start(ServerConfig.builder().store("none").rate(0));
        TestClient watcher = join("watcher");
        TestClient bob = join("bob");
        // A diff may repeat what the watcher knows (its own join in the same tick): diffs are set operations.
        JsonNode p1 = watcher.next(f -> f.path("type").asText().equals("presence")
                && f.get("joined").toString().contains("\"bob\""), "presence with bob");
        assertEquals("[]", p1.get("left").toString());
        bob.send("type", "leave", "room", "lobby");
        assertEquals("[\"bob\"]", watcher.next("presence").get("left").toString());
        TestClient carol = join("carol");
        assertEquals("[\"carol\"]", watcher.next("presence").get("joined").toString());
        carol.channel().close(); // abrupt: no close frame
        assertEquals("[\"carol\"]", watcher.next("presence").get("left").toString());
    }

    @Test
    void roomsListsNonEmptyRoomsSortedWithCounts() throws Exception {
        start(ServerConfig.builder().store("none").rate(0));
        TestClient a = join("a");
        TestClient b = join("b");
        joinRoom(a, "zeta");
        joinRoom(b, "alpha");
        joinRoom(a, "alpha");
        a.send("type", "rooms");
        JsonNode rooms = a.next("rooms").get("rooms");
        assertEquals("[{\"name\":\"alpha\",\"members\":2},{\"name\":\"lobby\",\"members\":2},{\"name\":\"zeta\",\"members\":1}]",
                rooms.toString());
        a.send("type", "leave", "room", "zeta");
        // The listing is a snapshot across rooms on several event loops: it may lag a leave by a moment.
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        boolean gone;
        do {
            a.send("type", "rooms");
            gone = !a.next("rooms").get("rooms").toString().contains("zeta");
        } while (!gone && System.nanoTime() < deadline);
        assertTrue(gone, "an empty room disappears");
    }

    @Test
    void directMessagesReachOnlyTheRecipient() throws Exception {
        start(ServerConfig.builder().store("none").rate(0));
        TestClient alice = join("alice");
        TestClient bob = join("Bob");
        TestClient eve = join("eve");
        alice.send("type", "direct", "to", "bob", "text", "psst", "id", "dm1");
        JsonNode dm = bob.next("direct");
        assertEquals("alice", dm.get("from").asText());
        assertEquals("Bob", dm.get("to").asText());
        assertEquals("psst", dm.get("text").asText());
        JsonNode ack = alice.next("ack");
        assertEquals("dm1", ack.get("id").asText());
        assertEquals("Bob", ack.get("to").asText());
        assertTrue(eve.drain(Duration.ofMillis(300)).stream().noneMatch(f -> f.toString().contains("psst")));
        alice.send("type", "direct", "to", "nobody", "text", "hello?", "id", "dm2");
        JsonNode error = alice.next("error");
        assertEquals("no_such_user", error.get("code").asText());
        assertEquals("dm2", error.get("id").asText());
    }

    @Test
    void typingIsThrottledToOnePerSecondPerUser() throws Exception {
        start(ServerConfig.builder().store("none").rate(0));
        TestClient typist = join("typist");
        TestClient reader = join("reader");
        typist.drain(Duration.ofMillis(300));
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
        for (int i = 0; i < 10; i++) {
            typist.send("type", "typing");
            Thread.sleep(Math.max(0, (until - System.nanoTime()) / 1_000_000 / (10 - i)));
        }
        List<JsonNode> seen = reader.drain(Duration.ofMillis(500));
        long typing = seen.stream().filter(f -> f.path("type").asText().equals("typing")).count();
        assertTrue(typing >= 1 && typing <= 2, "typing events seen: " + typing);
        assertEquals("typist", seen.stream().filter(f -> f.path("type").asText().equals("typing")).findFirst()
                .orElseThrow().get("from").asText());
        assertTrue(typist.drain(Duration.ofMillis(100)).stream().noneMatch(f -> f.path("type").asText().equals("typing")),
                "the typist does not see its own typing");
    }

    @Test
    void presenceOfAMassJoinIsCoalescedIntoAFewFrames() throws Exception {
        start(ServerConfig.builder().store("none").rate(0));
        TestClient watcher = join("watcher");
        int n = 200;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> joins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "j" + i;
            joins.add(pool.submit(() -> connect("name=" + name)));
        }
        for (Future<?> f : joins) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Set<String> announced = new HashSet<>();
        int frames = 0;
        while (announced.size() < n) {
            JsonNode p = watcher.next("presence");
            frames++;
            p.get("joined").forEach(j -> announced.add(j.asText()));
        }
        assertTrue(frames <= 20, "presence frames for " + n + " joins: " + frames);
    }

    @Test
    void roomCountAndNameBoundsFromBothSides() throws Exception {
        start(ServerConfig.builder().store("none").rate(0).maxRoomsPerConnection(3));
        TestClient c = join("c");
        joinRoom(c, "r".repeat(64));
        joinRoom(c, "two");
        c.send("type", "join", "room", "three", "id", "j3");
        JsonNode error = c.next("error");
        assertEquals("forbidden", error.get("code").asText());
        assertEquals("j3", error.get("id").asText());
        c.send("type", "leave", "room", "two");
        joinRoom(c, "three");
        c.send("type", "join", "room", "r".repeat(65), "id", "long");
        assertEquals("bad_request", c.next("error").get("code").asText());
    }

    @Test
    void churningMembersNeverSeeMessagesOutsideTheirMembership() throws Exception {
        start(ServerConfig.builder().store("none").rate(0));
        TestClient stable = join("stable");
        joinRoom(stable, "hot");
        TestClient talker = join("talker");
        joinRoom(talker, "hot");
        List<TestClient> churners = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            churners.add(join("churn" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(churners.size() + 1);
        Future<?> talking = pool.submit(() -> {
            for (int i = 0; i < 300; i++) {
                talker.send("type", "message", "room", "hot", "text", "m" + i);
            }
            return null;
        });
        List<Future<?>> churning = new ArrayList<>();
        for (TestClient c : churners) {
            churning.add(pool.submit(() -> {
                for (int round = 0; round < 5; round++) {
                    c.send("type", "join", "room", "hot");
                    Thread.sleep(5);
                    c.send("type", "leave", "room", "hot");
                }
                return null;
            }));
        }
        talking.get(30, TimeUnit.SECONDS);
        for (Future<?> f : churning) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        // Every churner's view: messages of "hot" only after a joined, with seq above joined.seq, strictly increasing.
        for (TestClient c : churners) {
            long floor = Long.MAX_VALUE;
            long last = -1;
            for (JsonNode f : c.drain(Duration.ofMillis(500))) {
                if (f.path("type").asText().equals("joined") && f.path("room").asText().equals("hot")) {
                    floor = f.get("seq").asLong();
                    last = floor;
                } else if (isMessageIn(f, "hot")) {
                    long seq = f.get("seq").asLong();
                    assertTrue(seq > floor, "message " + seq + " before/without joined (floor " + floor + ")");
                    assertTrue(seq > last, "out of order: " + seq + " after " + last);
                    last = seq;
                }
            }
        }
        // All churners have left: later messages reach the stable member only.
        for (int i = 0; i < 20; i++) {
            talker.send("type", "message", "room", "hot", "text", "late" + i);
        }
        long seen = 0;
        while (seen < 20) {
            if (stable.next(f -> isMessageIn(f, "hot"), "hot message").get("text").asText().startsWith("late")) {
                seen++;
            }
        }
        for (TestClient c : churners) {
            assertTrue(c.drain(Duration.ofMillis(100)).stream().noneMatch(f -> isMessageIn(f, "hot")),
                    "a non-member received a message");
            assertTrue(c.isOpen());
        }
    }
}
