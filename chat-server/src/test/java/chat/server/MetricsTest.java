package chat.server;

import chat.server.testing.PrometheusText;
import chat.server.testing.ServerTestSupport;
import chat.server.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics} in Prometheus text format, counting what the server did; the separate metrics port. */
class MetricsTest extends ServerTestSupport {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(server.port(), path);
    }

    private Map<String, Double> scrape() throws Exception {
        int port = server.metricsPort() > 0 ? server.metricsPort() : server.port();
        HttpResponse<String> res = get(port, "/metrics");
        assertEquals(200, res.statusCode());
        return PrometheusText.parse(res.body());
    }

    /** Scrapes until {@code condition} holds (the server records some figures just after the client sees the effect). */
    private Map<String, Double> scrapeUntil(String what, Predicate<Map<String, Double>> condition) throws Exception {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        Map<String, Double> m = scrape();
        while (!condition.test(m)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " in " + chat(m));
            }
            Thread.sleep(20);
            m = scrape();
        }
        return m;
    }

    private static Map<String, Double> chat(Map<String, Double> m) {
        Map<String, Double> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("chat_") && !k.contains("_bucket")) {
                out.put(k, v);
            }
        });
        return out;
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
        assertTrue(body.contains("jvm_buffer_memory_used_bytes{id=\"direct\"}"), "JVM direct buffers");
        assertTrue(body.contains("netty_allocator_direct_used_bytes"), "Netty allocator metrics");
        assertTrue(body.contains("netty_direct_memory_used_bytes"), "Netty's own direct memory");
        PrometheusText.parse(body); // every line is valid exposition text
    }

    @Test
    void metricsCanBeTurnedOff() throws Exception {
        start(ServerConfig.builder().store("none").metrics(false));
        assertEquals(404, get("/metrics").statusCode());
    }

    /**
     * A scripted session — connect, post, one slow consumer closed with 1013, one client closing — moves the
     * counters by exactly what happened, and the whole scrape parses as Prometheus text.
     */
    @Test
    void countersFollowAScriptedSessionIncludingASlowConsumer() throws Exception {
        start(ServerConfig.builder().store("none").rate(0).outboundHighWater(16 * 1024).outboundLimit(64 * 1024));
        Map<String, Double> before = scrape();
        assertEquals(0.0, PrometheusText.value(before, "chat_connections_closed_total{code=\"1013\"}"));
        TestClient slow = join("slow");
        TestClient fast = join("fast");
        TestClient sender = join("sender");
        slow.setReading(false);
        int messages = 3000; // 6 MB: more than loopback's socket buffers hold for the slow reader
        String text = "x".repeat(2000);
        for (int i = 0; i < messages; i += 20) { // paced by the reader that keeps up, so only slow falls behind
            for (int k = 0; k < 20; k++) {
                sender.send("type", "message", "text", text);
            }
            for (int k = 0; k < 20; k++) {
                fast.next("message");
            }
        }
        sender.send("type", "ping", "id", "p");
        sender.next("pong");
        fast.close();

        Map<String, Double> m = scrapeUntil("the slow consumer's and fast's closes", s ->
                PrometheusText.value(s, "chat_connections_closed_total{code=\"1013\"}") == 1
                        && PrometheusText.value(s, "chat_connections_closed_total{code=\"1000\"}") == 1
                        && PrometheusText.value(s, "chat_delivery_latency_seconds_count") >= messages);
        assertEquals(3.0, m.get("chat_connections_opened_total"));
        assertEquals(1.0, m.get("chat_connections"), "only the sender is left");
        assertEquals(1.0, m.get("chat_slow_consumer_closes_total"));
        assertEquals(messages + 1.0, m.get("chat_messages_in_total"));
        assertEquals((double) messages, m.get("chat_requests_total{type=\"message\"}"));
        assertEquals(1.0, m.get("chat_requests_total{type=\"ping\"}"));
        assertEquals((double) messages, m.get("chat_messages_posted_total"));
        assertEquals((double) messages, m.get("chat_events_out_total{type=\"message\"}"), "a broadcast is encoded once");
        assertEquals((double) messages, m.get("chat_events_out_total{type=\"ack\"}"));
        assertEquals(3.0, m.get("chat_events_out_total{type=\"welcome\"}"));
        assertEquals(1.0, m.get("chat_events_out_total{type=\"pong\"}"));
        assertTrue(m.get("chat_deliveries_total") >= messages, "at least one recipient per message");
        assertEquals(1.0, m.get("chat_rooms"));
        assertEquals(1.0, m.get("chat_members"));
        assertEquals(0.0, m.get("chat_rate_limited_total"));
        assertEquals(0.0, m.get("chat_auth_failures_total"));
        assertEquals(0.0, m.get("chat_store_queue"));
        assertTrue(m.get("chat_delivery_latency_seconds_count") >= messages, "one latency per message per shard flush");
    }

    @Test
    void latencyHistogramsMoveWhenMessagesFlow(@TempDir Path dir) throws Exception {
        start(ServerConfig.builder().store("sqlite").dataDir(dir));
        Map<String, Double> before = scrape();
        assertEquals(0.0, PrometheusText.value(before, "chat_delivery_latency_seconds_count"));
        TestClient a = join("a");
        TestClient b = join("b");
        for (int i = 0; i < 5; i++) {
            a.sendText("m" + i);
            a.next("ack");
            b.next("message");
        }
        Map<String, Double> m = scrapeUntil("five delivery latencies", s ->
                PrometheusText.value(s, "chat_delivery_latency_seconds_count") >= 5);
        assertTrue(m.get("chat_delivery_latency_seconds_sum") >= 0);
        assertEquals(m.get("chat_delivery_latency_seconds_count"),
                m.get("chat_delivery_latency_seconds_bucket{le=\"+Inf\"}"), "a Prometheus histogram, cumulative");
        assertTrue(m.keySet().stream().filter(k -> k.startsWith("chat_delivery_latency_seconds_bucket")).count() > 10,
                "percentile histogram buckets");
        assertTrue(m.get("chat_store_commit_duration_seconds_count") >= 1, "store commits are timed");
        assertTrue(m.get("chat_store_commit_duration_seconds_sum") > 0);
        assertTrue(m.get("chat_store_commit_duration_seconds_max") > 0);
    }

    @Test
    void aMetricsPortServesMetricsOnlyThereAndTheMainPortAnswers404() throws Exception {
        start(ServerConfig.builder().store("none").metricsPort(0));
        assertTrue(server.metricsPort() > 0 && server.metricsPort() != server.port());
        join("a");
        HttpResponse<String> res = get(server.metricsPort(), "/metrics");
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertEquals(1.0, PrometheusText.parse(res.body()).get("chat_connections"));
        assertEquals(200, get(server.metricsPort(), "/metrics?x=1").statusCode());
        assertEquals(404, get("/metrics").statusCode(), "the main port no longer serves /metrics");
        assertEquals(200, get("/healthz").statusCode());
        assertEquals(404, get(server.metricsPort(), "/healthz").statusCode(), "the metrics port serves /metrics only");
        assertEquals(404, get(server.metricsPort(), "/").statusCode());
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void withoutAMetricsPortThereIsNoSecondListener() throws Exception {
        start(ServerConfig.builder().store("none"));
        assertEquals(-1, server.metricsPort());
    }
}
