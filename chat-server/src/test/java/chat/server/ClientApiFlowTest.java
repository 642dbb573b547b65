package chat.server;

import chat.server.testing.ServerTestSupport;
import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/info} and {@code GET /api/stats} over real HTTP, as the web client and stats page use them. */
class ClientApiFlowTest extends ServerTestSupport {
    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("application/json", res.headers().firstValue("content-type").orElse(""));
        return new ObjectMapper().readTree(res.body());
    }

    @Test
    void statsCountConnectionsRoomsAndMessages() throws Exception {
        start(ServerConfig.builder().store("none"));
        TestClient a = join("a");
        TestClient b = join("b");
        a.send("type", "join", "room", "dev");
        a.next("joined");
        a.sendText("hello");
        a.next("ack");
        b.next("message");
        JsonNode stats = get("/api/stats");
        assertEquals(2, stats.path("connections").asInt());
        assertEquals(2, stats.path("rooms").asInt());
        assertEquals(1, stats.path("messagesPosted").asLong());
        assertEquals(1, stats.path("deliveries").asLong());
        assertEquals(2, stats.path("connectionsOpened").asLong());
        assertTrue(Math.abs(stats.path("time").asLong() - System.currentTimeMillis()) < 60_000, stats.toString());
    }

    @Test
    void infoNamesTheAuthMode() throws Exception {
        start(ServerConfig.builder().store("none"));
        JsonNode info = get("/api/info");
        assertEquals("none", info.path("auth").asText());
        assertEquals(Version.current(), info.path("version").asText());
    }
}
