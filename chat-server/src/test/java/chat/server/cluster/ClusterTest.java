package chat.server.cluster;

import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static chat.server.cluster.ClusterClients.join;
import static chat.server.cluster.ClusterClients.presence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes on the real Redis and PostgreSQL, clients spread over them: they behave as one chat — one order per
 * room with no gap and no duplicate, presence and the room list the same everywhere, direct messages and unique
 * names across nodes.
 */
class ClusterTest {
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void broadcastReachesEveryMemberOnEveryNodeOnceInOneOrder() throws Exception {
        int perClient = 25;
        List<TestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                clients.add(join(cluster.port(i % 3), "order" + i, "order"));
            }
            for (int k = 0; k < perClient; k++) { // interleaved: the nodes commit concurrently
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).send("type", "message", "room", "order", "text", "m" + i + "-" + k, "id", "c" + i + "-" + k);
                }
            }
            int total = perClient * clients.size();
            Map<Long, String> reference = null;
            for (int i = 0; i < clients.size(); i++) {
                TestClient c = clients.get(i);
                Map<Long, String> seen = new TreeMap<>();
                long lastShown = 0;
                while (seen.size() < total) {
                    JsonNode f = c.next(x -> x.path("type").asText().equals("message") || x.path("type").asText().equals("ack"),
                            "message or ack (" + seen.size() + "/" + total + " so far)");
                    long seq = f.path("seq").asLong();
                    String what = f.path("type").asText().equals("ack") ? "own:" + f.path("id").asText()
                            : f.path("from").asText() + ":" + f.path("text").asText();
                    assertTrue(seen.put(seq, what) == null, "seq " + seq + " twice at client " + i);
                    if (f.path("type").asText().equals("message")) {
                        assertTrue(seq > lastShown, "client " + i + " got seq " + seq + " after " + lastShown);
                        lastShown = seq;
                    }
                }
                assertEquals(total, seen.size());
                assertEquals(1L, ((TreeMap<Long, String>) seen).firstKey());
                assertEquals((long) total, ((TreeMap<Long, String>) seen).lastKey(), "no gap: seqs 1.." + total);
                Map<Long, String> normalized = new HashMap<>();
                for (Map.Entry<Long, String> e : seen.entrySet()) { // own acks say the id; others' messages the text
                    String v = e.getValue();
                    normalized.put(e.getKey(), v.startsWith("own:c") ? "order" + i + ":m" + v.substring(5) : v);
                }
                if (reference == null) {
                    reference = normalized;
                } else {
                    assertEquals(reference, normalized, "client " + i + " saw another order");
                }
            }
        } finally {
            clients.forEach(TestClient::close);
        }
    }

    @Test
    void presenceAndRoomListAgreeAcrossNodes() throws Exception {
        try (TestClient a = join(cluster.port(0), "pa", "pres");
             TestClient b = join(cluster.port(1), "pb", "pres");
             TestClient c = join(cluster.port(2), "pc", "lobby")) {
            presence(a, "pres", "pb", true);
            c.send("type", "rooms");
            JsonNode rooms = c.next("rooms");
            int count = -1;
            for (JsonNode r : rooms.path("rooms")) {
                if (r.path("name").asText().equals("pres")) {
                    count = r.path("members").asInt();
                }
            }
            assertEquals(2, count, "node 3 lists the room with both members: " + rooms);
            try (TestClient late = TestClient.connect(cluster.port(2), "name=pd&room=pres")) {
                JsonNode joined = ClusterClients.joined(late, "pres");
                assertEquals(3, joined.path("memberCount").asInt(), "a joiner on a third node sees both others: " + joined);
                presence(a, "pres", "pd", true);
                presence(b, "pres", "pd", true);
            }
            b.close();
            presence(a, "pres", "pb", false);
        }
    }

    @Test
    void directMessagesReachUsersOnOtherNodes() throws Exception {
        try (TestClient a = join(cluster.port(0), "dma", "lobby");
             TestClient b = join(cluster.port(2), "dmb", "lobby")) {
            a.send("type", "direct", "to", "DMB", "text", "psst", "id", "d1");
            JsonNode got = b.next("direct");
            assertEquals("dma", got.path("from").asText());
            assertEquals("psst", got.path("text").asText());
            assertEquals("d1", a.next("ack").path("id").asText());
            a.send("type", "direct", "to", "nobody-here", "text", "x", "id", "d2");
            JsonNode err = a.next("error");
            assertEquals("no_such_user", err.path("code").asText());
        }
    }

    @Test
    void anonymousNamesAreUniqueAcrossNodes() throws Exception {
        TestClient first = TestClient.connect(cluster.port(0), "name=sam");
        try (TestClient second = TestClient.connect(cluster.port(1), "name=Sam");
             TestClient third = TestClient.connect(cluster.port(2), "name=sam")) {
            assertEquals("sam", first.next("welcome").path("name").asText());
            assertEquals("Sam-2", second.next("welcome").path("name").asText());
            assertEquals("sam-3", third.next("welcome").path("name").asText());
            first.close();
            assertTrue(ClusterClients.await(java.time.Duration.ofSeconds(5), () -> {
                try (TestClient again = TestClient.connect(cluster.port(2), "name=sam")) {
                    return again.next("welcome").path("name").asText().equals("sam");
                } catch (Exception e) {
                    return false;
                }
            }), "a released name is free again on every node");
        } finally {
            first.close();
        }
    }

    @Test
    void metricsShowTheClusterLink() throws Exception {
        try (TestClient a = join(cluster.port(0), "ma", "metrics-room");
             TestClient b = join(cluster.port(1), "mb", "metrics-room")) {
            a.send("type", "message", "room", "metrics-room", "text", "counted", "id", "m1");
            b.next("message");
            String sender = ClusterClients.body(cluster.port(0), "/metrics");
            String receiver = ClusterClients.body(cluster.port(1), "/metrics");
            assertTrue(sender.contains("chat_cluster_redis_up 1.0"), "redis up gauge");
            assertTrue(value(sender, "chat_cluster_published_total") >= 1, "published counted on the sender's node");
            assertTrue(value(receiver, "chat_cluster_received_total") >= 1, "received counted on the other node");
        }
    }

    private static double value(String prometheusText, String metric) {
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(metric + " not in /metrics");
    }

    @Test
    void aMessageWhoseAnnouncementWasLostIsReadFromTheStoreInItsPlace() throws Exception {
        try (TestClient a = join(cluster.port(0), "ga", "gap");
             TestClient b = join(cluster.port(1), "gb", "gap")) {
            presence(a, "gap", "gb", true);
            a.send("type", "message", "room", "gap", "text", "first", "id", "g1");
            long first = a.next("ack").path("seq").asLong();
            assertEquals(first, b.next("message").path("seq").asLong());
            // As if a node committed seq first+1 and died before announcing it: in the store, never published.
            try (java.sql.Connection c = chat.server.store.PgTestSupport.raw();
                 java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO \"" + cluster.schema
                         + "\".messages (room, seq, ts, sender, text) VALUES ('gap', ?, ?, 'ghost', 'never announced')")) {
                ps.setLong(1, first + 1);
                ps.setLong(2, System.currentTimeMillis());
                ps.executeUpdate();
            }
            a.send("type", "message", "room", "gap", "text", "third", "id", "g3");
            for (TestClient c : List.of(a, b)) {
                JsonNode lost = c.next("message");
                assertEquals(first + 1, lost.path("seq").asLong(), "the gap is filled first: " + lost);
                assertEquals("never announced", lost.path("text").asText());
            }
            assertEquals(first + 2, a.next("ack").path("seq").asLong());
            JsonNode third = b.next("message");
            assertEquals(first + 2, third.path("seq").asLong());
            assertEquals("third", third.path("text").asText());
        }
    }

    @Test
    void aNameClaimedForARefusedUpgradeIsFreeAgain() throws Exception {
        try (TestClient owner = join(cluster.port(0), "zowner", "private-zz");
             TestClient refused = TestClient.connect(cluster.port(0), "name=zed&room=private-zz")) {
            assertEquals(1008, refused.awaitClose().code(), "no invitation: refused after the upgrade");
            assertTrue(ClusterClients.await(java.time.Duration.ofSeconds(5), () -> {
                try (TestClient again = TestClient.connect(cluster.port(1), "name=zed")) {
                    return again.next("welcome").path("name").asText().equals("zed");
                } catch (Exception e) {
                    return false;
                }
            }), "the refused connection's name was released cluster-wide");
        }
    }
}
