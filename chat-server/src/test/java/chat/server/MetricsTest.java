package chat.server;

import chat.server.testing.ServerTestSupport;
import chat.server.testing.TestClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics} in Prometheus text format, counting what the server did. */
class MetricsTest extends ServerTestSupport {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsCountConnectionsMessagesAndDeliveries() throws Exception {
        start(ServerConfig.builder().store("none"));
        TestClient a = join("a");
        TestClient b = join("b");
        a.sendText("hello");
        a.next("ack");
        b.next("message");
        HttpResponse<String> res = get("/metrics");
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        String body = res.body();
        for (String line : new String[]{"chat_connections_opened_total 2.0", "chat_connections 2.0",
                "chat_messages_posted_total 1.0", "chat_deliveries_total 1.0", "chat_rooms 1.0", "chat_store_up 1.0"}) {
            assertTrue(body.contains(line), line + " missing from:\n" + body.lines().filter(l -> l.startsWith("chat_")).toList());
        }
        assertTrue(body.contains("jvm_memory_used_bytes"), "JVM metrics");
        assertTrue(body.contains("netty_allocator_direct_used_bytes"), "Netty allocator metrics");
    }

    @Test
    void metricsCanBeTurnedOff() throws Exception {
        start(ServerConfig.builder().store("none").metrics(false));
        assertEquals(404, get("/metrics").statusCode());
    }
}
