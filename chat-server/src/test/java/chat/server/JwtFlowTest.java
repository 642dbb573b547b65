package chat.server;

import chat.server.testing.RawHttp;
import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --auth jwt} end to end: tokens at the handshake, shared names, room claims, expiry and refresh. */
class JwtFlowTest {
    private static final String SECRET = "an-hs256-test-secret-of-at-least-32-bytes";
    private ChatServer server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = ChatServer.start(ServerConfig.builder().host("127.0.0.1").port(0).store("none")
                .auth("jwt").jwtSecret(SECRET).jwtClockSkew(Duration.ZERO).build());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        server.close(Duration.ZERO);
    }

    static String token(String sub, long ttlMillis, List<String> rooms) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(sub)
                .expirationTime(new Date(System.currentTimeMillis() + ttlMillis));
        if (rooms != null) {
            claims.claim("rooms", rooms);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(SECRET.getBytes()));
        return jwt.serialize();
    }

    private TestClient connect(String query) throws Exception {
        TestClient c = TestClient.connect(server.port(), query);
        open.add(c);
        return c;
    }

    private int upgradeStatus(String target, String headers) throws Exception {
        RawHttp http = RawHttp.open(server.port());
        open.add(http);
        return RawHttp.status(http.exchange(RawHttp.upgrade(server.port(), target, headers)));
    }

    @Test
    void handshakeWithoutAValidTokenGets401() throws Exception {
        assertEquals(401, upgradeStatus("/ws?name=alice", ""));
        assertEquals(401, upgradeStatus("/ws?token=garbage", ""));
        assertEquals(401, upgradeStatus("/ws?token=" + token("alice", -60_000, null), ""), "expired");
        assertEquals(101, upgradeStatus("/ws?token=" + token("alice", 60_000, null), ""));
        assertEquals(101, upgradeStatus("/ws", "Authorization: Bearer " + token("alice", 60_000, null) + "\r\n"));
        assertEquals(101, upgradeStatus("/ws", "Cookie: chat_token=" + token("alice", 60_000, null) + "\r\n"));
        assertEquals(3, server.stats().authFailures.sum());
    }

    @Test
    void theTokenNamesTheUserAndTabsShareTheName() throws Exception {
        TestClient tab1 = connect("name=mallory&token=" + token("alice", 60_000, null));
        assertEquals("alice", tab1.next("welcome").get("name").asText(), "?name= is ignored");
        TestClient tab2 = connect("token=" + token("alice", 60_000, null));
        assertEquals("alice", tab2.next("welcome").get("name").asText(), "no suffix for the same user");
        TestClient bob = connect("token=" + token("bob", 60_000, null));
        bob.next("joined");
        bob.send("type", "direct", "to", "alice", "text", "to both tabs");
        assertEquals("to both tabs", tab1.next("direct").get("text").asText());
        assertEquals("to both tabs", tab2.next("direct").get("text").asText());
    }

    @Test
    void roomsClaimRestrictsJoins() throws Exception {
        TestClient c = connect("room=general&token=" + token("carol", 60_000, List.of("general", "ops")));
        c.next("joined");
        c.send("type", "join", "room", "ops");
        assertEquals("ops", c.next("joined").get("room").asText());
        c.send("type", "join", "room", "secret", "id", "j");
        JsonNode error = c.next("error");
        assertEquals("forbidden", error.get("code").asText());
        TestClient d = connect("room=secret&token=" + token("dave", 60_000, List.of("general")));
        assertEquals("forbidden", d.next("error").get("code").asText());
        assertEquals(1008, d.awaitClose().code());
    }

    @Test
    void anExpiringTokenClosesWith1008UnlessRefreshedInBand() throws Exception {
        TestClient refreshed = connect("token=" + token("erin", 2000, null));
        TestClient lapsing = connect("token=" + token("frank", 2000, null));
        refreshed.next("joined");
        lapsing.next("joined");
        refreshed.send("type", "auth", "token", token("erin", 60_000, null), "id", "r1");
        JsonNode authed = refreshed.next("authed");
        assertEquals("r1", authed.get("id").asText());
        assertTrue(authed.get("expires").asLong() > System.currentTimeMillis() + 30_000);
        refreshed.send("type", "auth", "token", token("someone-else", 60_000, null), "id", "r2");
        assertEquals("unauthorized", refreshed.next("error").get("code").asText());
        TestClient.Close close = lapsing.awaitClose();
        assertEquals(1008, close.code());
        assertEquals("token expired", close.reason());
        Thread.sleep(300);
        assertTrue(refreshed.isOpen(), "the refreshed connection outlives its first token");
    }
}
