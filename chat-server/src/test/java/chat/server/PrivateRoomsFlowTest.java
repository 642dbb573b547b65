package chat.server;

import chat.server.testing.ServerTestSupport;
import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rooms named private-…: the creator and those invited may join; nobody else, and nobody else reads them. */
class PrivateRoomsFlowTest extends ServerTestSupport {

    private static JsonNode reply(TestClient c, String room, String id) throws InterruptedException {
        return c.next(f -> id.equals(f.path("id").asText()) || (f.path("type").asText().equals("joined")
                && f.path("room").asText().equals(room)), "reply " + id);
    }

    @Test
    void onlyTheCreatorAndTheInvitedMayJoin() throws Exception {
        start(ServerConfig.builder().store("none").rate(0));
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        TestClient carol = join("carol");
        alice.send("type", "join", "room", "private-plans", "id", "a1");
        assertEquals("joined", reply(alice, "private-plans", "a1").get("type").asText(), "the first one creates it");

        bob.send("type", "join", "room", "private-plans", "id", "b1");
        JsonNode refused = reply(bob, "private-plans", "b1");
        assertEquals("forbidden", refused.get("code").asText());

        alice.send("type", "invite", "room", "private-plans", "name", "Bob", "id", "i1");
        JsonNode confirmation = alice.next("invited");
        assertEquals("i1", confirmation.get("id").asText());
        JsonNode news = bob.next("invited");
        assertEquals("private-plans", news.get("room").asText());
        assertEquals("alice", news.get("from").asText());

        bob.send("type", "join", "room", "private-plans", "id", "b2");
        assertEquals("joined", reply(bob, "private-plans", "b2").get("type").asText());

        carol.send("type", "history", "room", "private-plans", "id", "c1");
        assertEquals("not_member", carol.next("error").get("code").asText());
        carol.send("type", "invite", "room", "private-plans", "name", "carol", "id", "c2");
        assertEquals("not_member", carol.next("error").get("code").asText(), "only members invite");
        alice.send("type", "invite", "room", "lobby", "name", "carol", "id", "a2");
        assertEquals("bad_request", alice.next("error").get("code").asText(), "public rooms need no invitation");
    }

    @Test
    void anEmptiedPrivateRoomCannotBeTakenOver() throws Exception {
        start(ServerConfig.builder().store("none").rate(0));
        TestClient alice = join("alice");
        alice.send("type", "join", "room", "private-x");
        alice.next("joined");
        alice.send("type", "leave", "room", "private-x");
        TestClient mallory = join("mallory");
        Thread.sleep(100);
        mallory.send("type", "join", "room", "private-x", "id", "m1");
        assertEquals("forbidden", mallory.next("error").get("code").asText());
        TestClient viaQuery = connect("name=eve&room=private-x");
        assertEquals("forbidden", viaQuery.next("error").get("code").asText());
        assertEquals(1008, viaQuery.awaitClose().code());
    }
}
