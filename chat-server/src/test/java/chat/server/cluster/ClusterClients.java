package chat.server.cluster;

import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Small steps shared by the cluster tests. */
final class ClusterClients {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClusterClients() {
    }

    /** Connects as {@code name} into {@code room} and waits for its {@code joined}. */
    static TestClient join(int port, String name, String room) throws Exception {
        TestClient c = TestClient.connect(port, "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&room=" + room);
        joined(c, room);
        return c;
    }

    static JsonNode joined(TestClient c, String room) throws InterruptedException {
        return c.next(f -> f.path("type").asText().equals("joined") && f.path("room").asText().equals(room), "joined " + room);
    }

    /** Waits for a presence event in {@code room} naming {@code name} as joined ({@code true}) or left. */
    static JsonNode presence(TestClient c, String room, String name, boolean joined) throws InterruptedException {
        String list = joined ? "joined" : "left";
        return c.next(f -> f.path("type").asText().equals("presence") && f.path("room").asText().equals(room)
                && contains(f.path(list), name), "presence " + list + " " + name);
    }

    static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static String body(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls {@code condition} every 100 ms until it holds or {@code timeout} passes; returns whether it held. */
    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
