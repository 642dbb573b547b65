package chat.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chat.server.access.AccessLog;
import chat.server.testing.RawHttp;
import chat.server.testing.ServerTestSupport;
import chat.server.testing.TestClient;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code chat.access} log: one line per HTTP request, one per session open and close, never a query string. */
class AccessLogTest extends ServerTestSupport {
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER_NAME);

    @BeforeEach
    void capture() {
        lines.start();
        access.addAppender(lines);
    }

    @AfterEach
    void release() {
        access.detachAppender(lines);
    }

    private List<String> messages() {
        synchronized (lines) { // ListAppender appends under the appender's own lock
            return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private String awaitLine(String what, Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (true) {
            for (String m : messages()) {
                if (match.test(m)) {
                    return m;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no access line for " + what + " in " + messages());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aSessionGetsAnOpenAndACloseLineWithItsTrafficAndCloseCode() throws Exception {
        start(ServerConfig.builder().store("none"));
        TestClient alice = connect("name=alice&token=s3cret-token");
        alice.next("welcome");
        alice.next("joined");
        TestClient bob = join("bob");
        alice.sendText("hello");   // 5 bytes
        alice.next("ack");
        bob.next("message");
        alice.send("type", "ping", "id", "p1");
        alice.next("pong");
        alice.channel().writeAndFlush(new CloseWebSocketFrame(1000, "done for today"));
        alice.awaitClose();

        String open = awaitLine("alice's open", m -> m.startsWith("ws open") && m.contains("name=alice"));
        assertEquals("ws open client=127.0.0.1 name=alice room=lobby", open);
        String close = awaitLine("alice's close", m -> m.startsWith("ws close") && m.contains("name=alice"));
        assertTrue(close.matches("ws close client=127\\.0\\.0\\.1 name=alice ms=\\d+ code=1000 reason=\"done for today\" by=client "
                + "bytes_in=(\\d+) bytes_out=(\\d+) msgs_in=2 msgs_out=(\\d+)"), close);
        long bytesIn = Long.parseLong(close.replaceAll(".*bytes_in=(\\d+).*", "$1"));
        assertEquals(5 + "{\"type\":\"ping\",\"id\":\"p1\"}".length(), bytesIn, "payload bytes of both frames");
        long messagesOut = Long.parseLong(close.replaceAll(".*msgs_out=(\\d+).*", "$1"));
        assertTrue(messagesOut >= 4, "welcome, joined, ack, pong (and presence): " + close);
        assertTrue(Long.parseLong(close.replaceAll(".*bytes_out=(\\d+).*", "$1")) > 0);
        String upgrade = awaitLine("the upgrade request", m -> m.startsWith("http") && m.contains("status=101"));
        assertTrue(upgrade.matches("http client=127\\.0\\.0\\.1 method=GET path=/ws status=101 bytes=0 ms=\\d+\\.\\d"), upgrade);
        for (String m : messages()) {
            assertFalse(m.contains("s3cret") || m.contains("token="), "a query string was logged: " + m);
        }
        assertEquals(1, messages().stream().filter(m -> m.startsWith("ws close")).count(), "nothing per message");
    }

    @Test
    void serverClosesAreLoggedWithTheServersCode() throws Exception {
        start(ServerConfig.builder().store("none").maxFrameBytes(1024).maxTextLength(4096));
        TestClient big = join("big");
        big.sendText("y".repeat(1025));
        assertEquals(1009, big.awaitClose().code());
        String close = awaitLine("big's close", m -> m.startsWith("ws close") && m.contains("name=big"));
        assertTrue(close.contains(" code=1009 ") && close.contains(" by=server "), close);
    }

    @Test
    void httpRequestsAreLoggedWithoutQueryStringAndWithTheProxiedClientAddress() throws Exception {
        start(ServerConfig.builder().store("none"));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/healthz?token=s3cret&x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        String health = awaitLine("/healthz", m -> m.contains("path=/healthz"));
        assertTrue(health.matches("http client=127\\.0\\.0\\.1 method=GET path=/healthz status=200 bytes="
                + res.body().length() + " ms=\\d+\\.\\d"), health);

        try (RawHttp raw = RawHttp.open(server.port())) { // loopback is a trusted proxy by default
            String head = raw.exchange("GET /no-such-file?token=s3cret HTTP/1.1\r\nHost: x\r\n"
                    + "X-Forwarded-For: 203.0.113.9\r\n\r\n");
            assertEquals(404, RawHttp.status(head));
        }
        String missing = awaitLine("the 404", m -> m.contains("path=/no-such-file"));
        assertTrue(missing.startsWith("http client=203.0.113.9 method=GET path=/no-such-file status=404 bytes="), missing);

        try (RawHttp raw = RawHttp.open(server.port())) {
            String head = raw.exchange(RawHttp.upgrade(server.port(), "/ws?name=x&token=s3cret", "Origin: https://evil.example\r\n"));
            assertEquals(403, RawHttp.status(head));
        }
        String refused = awaitLine("the refused upgrade", m -> m.contains("status=403"));
        assertTrue(refused.contains("path=/ws "), refused);
        for (String m : messages()) {
            assertFalse(m.contains("s3cret") || m.contains("?"), "a query string was logged: " + m);
        }
    }
}
