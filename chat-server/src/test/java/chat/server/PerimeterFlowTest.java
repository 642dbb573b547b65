package chat.server;

import chat.server.testing.RawHttp;
import chat.server.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The security perimeter over real sockets: Origin, connection caps, forwarded addresses, request sizes. */
class PerimeterFlowTest {
    private ChatServer server;
    private final List<AutoCloseable> open = new ArrayList<>();

    private int start(ServerConfig.Builder b) throws Exception {
        server = ChatServer.start(b.host("127.0.0.1").port(0).store("none").build());
        return server.port();
    }

    private int upgrade(String extraHeaders) throws Exception {
        RawHttp http = RawHttp.open(server.port());
        open.add(http);
        return RawHttp.status(http.exchange(RawHttp.upgrade(server.port(), "/ws?name=p", extraHeaders)));
    }

    private static String closeOf(TestClient c) {
        try {
            return c.awaitClose().toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close(Duration.ZERO);
        }
    }

    @Test
    void foreignOriginGets403AndSameOriginOrNoneUpgrades() throws Exception {
        int port = start(ServerConfig.builder());
        assertEquals(403, upgrade("Origin: http://evil.example\r\n"));
        assertEquals(403, upgrade("Origin: http://127.0.0.1:" + (port + 1) + "\r\n"));
        assertEquals(403, upgrade("Origin: null\r\n"));
        assertEquals(101, upgrade("Origin: http://127.0.0.1:" + port + "\r\n"));
        assertEquals(101, upgrade("Origin: https://127.0.0.1:" + port + "\r\n")); // TLS ended at a proxy
        assertEquals(101, upgrade(""));
        assertEquals(3, server.stats().originRejected.sum());
    }

    @Test
    void explicitOriginListIsTheOnlyWayIn() throws Exception {
        int port = start(ServerConfig.builder().allowedOrigins(List.of("https://chat.example.com")));
        assertEquals(101, upgrade("Origin: https://Chat.Example.com\r\n"));
        assertEquals(403, upgrade("Origin: http://127.0.0.1:" + port + "\r\n"));
    }

    @Test
    void perAddressCapAnswers429UntilAConnectionCloses() throws Exception {
        int port = start(ServerConfig.builder().maxConnectionsPerIp(2));
        TestClient a = TestClient.connect(port, "name=a");
        open.add(a);
        open.add(TestClient.connect(port, "name=b"));
        assertEquals(429, upgrade(""));
        a.close();
        a.awaitClose();
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        int status;
        do {
            status = upgrade("");
        } while (status != 101 && System.nanoTime() < deadline);
        assertEquals(101, status);
    }

    @Test
    void totalCapAnswers503() throws Exception {
        start(ServerConfig.builder().maxConnections(1));
        assertEquals(101, upgrade(""));
        assertEquals(503, upgrade(""));
        assertEquals(1, server.stats().connectionLimitRejected.sum());
    }

    @Test
    void forwardedForIsBelievedOnlyFromATrustedProxy() throws Exception {
        start(ServerConfig.builder().maxConnectionsPerIp(1)); // loopback is a trusted proxy by default
        assertEquals(101, upgrade("X-Forwarded-For: 203.0.113.7\r\n"));
        assertEquals(101, upgrade("X-Forwarded-For: 203.0.113.8\r\n"), "another client behind the proxy");
        assertEquals(429, upgrade("X-Forwarded-For: 198.51.100.1, 203.0.113.7\r\n"), "the right-most entry counts");
        assertEquals(429, upgrade("Forwarded: for=203.0.113.8;proto=https\r\n"), "RFC 7239 Forwarded is read too");
        assertEquals(101, upgrade("Forwarded: for=\"[2001:db8::9]:4711\"\r\n"));
        server.close(Duration.ZERO);
        start(ServerConfig.builder().maxConnectionsPerIp(1).trustedProxies(List.of()));
        assertEquals(101, upgrade("X-Forwarded-For: 203.0.113.7\r\n"));
        assertEquals(429, upgrade("X-Forwarded-For: 203.0.113.8\r\n"), "untrusted peer: the header is ignored");
    }

    @Test
    void slowlorisIsClosedAtTheDeadlineWhileAPromptRequestIsServed() throws Exception {
        start(ServerConfig.builder().handshakeTimeout(Duration.ofMillis(300)));
        try (java.net.Socket slow = new java.net.Socket("127.0.0.1", server.port())) {
            slow.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            long start = System.nanoTime();
            slow.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1".getBytes());
            slow.getOutputStream().flush();
            assertEquals(-1, slow.getInputStream().read(), "closed without a response");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 250, "closed too early: " + elapsedMillis + " ms");
        }
        assertEquals(101, upgrade(""));
        TestClient ws = TestClient.connect(server.port(), "name=stays");
        open.add(ws);
        ws.next("joined");
        Thread.sleep(900); // three deadlines: an upgraded connection is no longer subject to it
        assertTrue(ws.isOpen(), () -> "closed: " + closeOf(ws));
        ws.send("type", "ping", "id", "later");
        assertEquals("later", ws.next("pong").get("id").asText());
        assertTrue(ws.isOpen());
    }

    @Test
    void proxyProtocolHeaderNamesTheClient() throws Exception {
        int port = start(ServerConfig.builder().proxyProtocol(true).maxConnectionsPerIp(1));
        String req = RawHttp.upgrade(port, "/ws?name=p", "");
        for (String[] c : new String[][]{{"203.0.113.5", "101"}, {"203.0.113.6", "101"}, {"203.0.113.5", "429"}}) {
            RawHttp http = RawHttp.open(port);
            open.add(http);
            String head = http.exchange("PROXY TCP4 " + c[0] + " 127.0.0.1 56324 " + port + "\r\n" + req);
            assertEquals(Integer.parseInt(c[1]), RawHttp.status(head), c[0] + ": " + head);
        }
    }

    @Test
    void overLongRequestLineGets414AndHugeHeadersGet431() throws Exception {
        start(ServerConfig.builder());
        try (RawHttp http = RawHttp.open(server.port())) {
            String head = http.exchange("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(414, RawHttp.status(head), head);
        }
        try (RawHttp http = RawHttp.open(server.port())) {
            String head = http.exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n");
            assertEquals(431, RawHttp.status(head), head);
        }
        try (RawHttp http = RawHttp.open(server.port())) {
            assertEquals(200, RawHttp.status(http.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")));
        }
        assertTrue(server.stats().badHttpRequests.sum() >= 2);
    }
}
