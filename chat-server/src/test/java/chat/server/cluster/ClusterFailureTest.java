package chat.server.cluster;

import chat.server.testing.RedisTestSupport;
import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static chat.server.cluster.ClusterClients.join;
import static chat.server.cluster.ClusterClients.presence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failures in a cluster: a node killed with SIGKILL, and Redis stopped and started again. */
class ClusterFailureTest {

    /** Heartbeat TTL plus one heartbeat plus the presence tick, and slack for a loaded machine. */
    private static final Duration LEAVE_BOUND = Duration.ofMillis(ClusterLink.NODE_TTL_MILLIS + ClusterLink.HEARTBEAT_MILLIS + 3000);

    @Test
    void clientsOfAKilledNodeResumeOnAnotherAndMissNothing() throws Exception {
        try (TestCluster cluster = TestCluster.start(2);
             TestClient stays = join(cluster.port(0), "stays", "k")) {
            TestClient moves = join(cluster.port(1), "moves", "k");
            presence(stays, "k", "moves", true);
            stays.send("type", "message", "room", "k", "text", "before", "id", "s0");
            long lastSeen = moves.next("message").path("seq").asLong();

            cluster.nodes.get(1).kill(); // SIGKILL: no drain, no goodbye to Redis
            long killedAt = System.nanoTime();
            moves.awaitClose();
            List<String> sentMeanwhile = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                stays.send("type", "message", "room", "k", "text", "meanwhile " + i, "id", "s" + i);
                stays.next("ack");
                sentMeanwhile.add("meanwhile " + i);
            }

            presence(stays, "k", "moves", false); // the dead node's member leaves, within the bound
            Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
            assertTrue(took.compareTo(LEAVE_BOUND) <= 0, "leave after " + took + " (bound " + LEAVE_BOUND + ")");

            try (TestClient back = TestClient.connect(cluster.port(0), "name=moves&room=k&since=" + lastSeen)) {
                JsonNode joined = ClusterClients.joined(back, "k");
                List<String> texts = new ArrayList<>();
                for (JsonNode m : joined.path("messages")) {
                    texts.add(m.path("text").asText());
                }
                assertEquals(sentMeanwhile, texts, "resumed with since on another node: " + joined);
                assertTrue(joined.path("recovered").asBoolean(), "recovered: " + joined);
            }
        }
    }

    @Test
    void aDrainedNodesClientsMoveToAnotherAndItsMembersLeaveAtOnce() throws Exception {
        try (TestCluster cluster = TestCluster.start(2);
             TestClient stays = join(cluster.port(0), "dstays", "d")) {
            TestClient moves = join(cluster.port(1), "dmoves", "d");
            presence(stays, "d", "dmoves", true);
            cluster.nodes.get(1).terminate(); // SIGTERM: drain
            long drainedAt = System.nanoTime();
            TestClient.Close close = moves.awaitClose();
            assertEquals(1001, close.code(), "going away: " + close);
            presence(stays, "d", "dmoves", false);
            Duration took = Duration.ofNanos(System.nanoTime() - drainedAt);
            assertTrue(took.toMillis() < ClusterLink.NODE_TTL_MILLIS,
                    "a drained node says goodbye instead of waiting for its heartbeat to expire: " + took);
            assertEquals(0, cluster.nodes.get(1).awaitExit());
            try (TestClient back = join(cluster.port(0), "dmoves", "d")) {
                presence(stays, "d", "dmoves", true);
            }
        }
    }

    @Test
    void redisOutageRefusesMessagesKeepsConnectionsAndRecoversByItself() throws Exception {
        RedisTestSupport.requireReachable();
        try (RedisTestSupport.PrivateRedis redis = RedisTestSupport.PrivateRedis.start();
             TestCluster cluster = TestCluster.start(redis.url(), 2);
             TestClient a = join(cluster.port(0), "ra", "r");
             TestClient b = join(cluster.port(1), "rb", "r")) {
            presence(a, "r", "rb", true);
            assertEquals(200, ClusterClients.status(cluster.port(0), "/readyz"));

            redis.stop();
            assertTrue(ClusterClients.await(Duration.ofSeconds(10), () -> ClusterClients.status(cluster.port(0), "/readyz") == 503),
                    "not ready while Redis is down");
            assertTrue(ClusterClients.body(cluster.port(0), "/healthz").contains("\"redisUp\":false"));
            a.send("type", "message", "room", "r", "text", "during", "id", "x1");
            JsonNode refused = a.next("error");
            assertEquals("unavailable", refused.path("code").asText(), "refused, not diverging: " + refused);
            assertEquals("x1", refused.path("id").asText());
            a.send("type", "ping", "id", "p1");
            assertEquals("p1", a.next("pong").path("id").asText(), "connections stay open");

            redis.restart(); // empty: the nodes register again by themselves
            assertTrue(ClusterClients.await(Duration.ofSeconds(15), () -> ClusterClients.status(cluster.port(0), "/readyz") == 200
                    && ClusterClients.status(cluster.port(1), "/readyz") == 200), "ready again after Redis returned");
            a.send("type", "message", "room", "r", "text", "after", "id", "x1"); // the retry, same id
            assertEquals("x1", a.next("ack").path("id").asText());
            JsonNode got = b.next(f -> f.path("type").asText().equals("message"), "message");
            assertEquals("after", got.path("text").asText(), "fan-out resubscribed: " + got);

            try (TestClient c = join(cluster.port(1), "rc", "r")) {
                presence(a, "r", "rc", true); // presence crosses nodes again
                // Each node re-registers its members by itself once it sees Redis again: agreement within a bound.
                JsonNode[] rooms = {null};
                boolean agreed = ClusterClients.await(Duration.ofSeconds(5), () -> {
                    try {
                        c.send("type", "rooms");
                        rooms[0] = c.next("rooms");
                        return rooms[0].toString().contains("{\"name\":\"r\",\"members\":3}");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertTrue(agreed, "members re-registered: " + rooms[0] + "\n" + cluster.nodes.get(0).log()
                        + "\n" + cluster.nodes.get(1).log());
            }
        }
    }
}
