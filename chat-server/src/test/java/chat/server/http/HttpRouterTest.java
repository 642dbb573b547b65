package chat.server.http;

import chat.server.ServerStats;
import chat.server.auth.Authenticator;
import chat.server.history.HistoryService;
import chat.server.perimeter.ConnectionLimits;
import chat.server.perimeter.OriginPolicy;
import chat.server.perimeter.TrustedProxies;
import chat.server.perimeter.UpgradeGuard;
import chat.server.store.MemoryStore;
import chat.server.store.StoreException;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpRouterTest {
    private final Health health = new Health(() -> 7, history(), "9.9");
    private final UpgradeGuard guard = new UpgradeGuard(OriginPolicy.of(List.of()), Authenticator.none(), new ConnectionLimits(0, 0),
            TrustedProxies.of(List.of()), new ServerStats());

    private static HistoryService history() {
        try {
            return HistoryService.start(new MemoryStore(10), 10, 10, 0, (n, t) -> { });
        } catch (StoreException e) {
            throw new AssertionError(e);
        }
    }

    private FullHttpResponse request(HttpMethod method, String uri, EmbeddedChannel ch) {
        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
        return ch.readOutbound();
    }

    @Test
    void healthzReportsStatusConnectionsAndUptime() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRouter(health, guard));
        FullHttpResponse res = request(HttpMethod.GET, "/healthz", ch);
        try {
            assertEquals(HttpResponseStatus.OK, res.status());
            assertEquals("application/json", res.headers().get(HttpHeaderNames.CONTENT_TYPE));
            String body = res.content().toString(StandardCharsets.UTF_8);
            assertTrue(body.matches("\\{\"status\":\"ok\",\"connections\":7,\"uptimeSeconds\":\\d+,"
                    + "\"store\":\\{\"kind\":\"memory[^\"]*\",\"up\":true,\"queued\":0},\"version\":\"9.9\"}"), body);
            assertTrue(ch.isOpen(), "keep-alive");
        } finally {
            res.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void healthzIs503WhileDraining() {
        health.startDraining();
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRouter(health, guard));
        FullHttpResponse res = request(HttpMethod.GET, "/healthz?probe=1", ch);
        try {
            assertEquals(HttpResponseStatus.SERVICE_UNAVAILABLE, res.status());
            assertTrue(res.content().toString(StandardCharsets.UTF_8).contains("\"draining\""));
        } finally {
            res.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void readyzIs503WhileDrainingAndUpgradesAreRefused() {
        health.startDraining();
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRouter(health, guard));
        FullHttpResponse ready = request(HttpMethod.GET, "/readyz", ch);
        assertEquals(HttpResponseStatus.SERVICE_UNAVAILABLE, ready.status());
        ready.release();
        FullHttpResponse upgrade = request(HttpMethod.GET, "/ws?name=a", ch);
        assertEquals(HttpResponseStatus.SERVICE_UNAVAILABLE, upgrade.status());
        assertEquals("2", upgrade.headers().get(HttpHeaderNames.RETRY_AFTER));
        upgrade.release();
        assertFalse(ch.finish());
    }

    @Test
    void readyzIs200WhenServing() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRouter(health, guard));
        FullHttpResponse ready = request(HttpMethod.GET, "/readyz", ch);
        assertEquals(HttpResponseStatus.OK, ready.status());
        ready.release();
        assertFalse(ch.finish());
    }

    @Test
    void headHasLengthButNoBody() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRouter(health, guard));
        FullHttpResponse res = request(HttpMethod.HEAD, "/healthz", ch);
        try {
            assertEquals(HttpResponseStatus.OK, res.status());
            assertEquals(0, res.content().readableBytes());
            assertTrue(res.headers().getInt(HttpHeaderNames.CONTENT_LENGTH) > 0);
        } finally {
            res.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void otherMethodsGet405WithAllow() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRouter(health, guard));
        FullHttpResponse res = request(HttpMethod.POST, "/healthz", ch);
        try {
            assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, res.status());
            assertEquals("GET, HEAD", res.headers().get(HttpHeaderNames.ALLOW));
        } finally {
            res.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void connectionCloseIsHonoured() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRouter(health, guard));
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/healthz");
        req.headers().set(HttpHeaderNames.CONNECTION, "close");
        ch.writeInbound(req);
        FullHttpResponse res = ch.readOutbound();
        res.release();
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void everythingElsePassesOnUntouched() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRouter(health, guard));
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/healthzz");
        ch.writeInbound(req);
        FullHttpRequest passed = ch.readInbound();
        assertSame(req, passed);
        assertEquals(1, passed.refCnt());
        passed.release();
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }

    private final ClientApi clientApi = new ClientApi("accounts", "9.9",
            () -> new ClientApi.Counters(3, 2, 41, 80, 5), () -> 1_764_000_000_000L);

    @Test
    void apiStatsReportsCountersAndServerTime() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRouter(health, guard, null, clientApi));
        FullHttpResponse res = request(HttpMethod.GET, "/api/stats", ch);
        try {
            assertEquals(HttpResponseStatus.OK, res.status());
            assertEquals("application/json", res.headers().get(HttpHeaderNames.CONTENT_TYPE));
            assertEquals("no-store", res.headers().get(HttpHeaderNames.CACHE_CONTROL));
            assertEquals("{\"connections\":3,\"rooms\":2,\"messagesPosted\":41,\"deliveries\":80,"
                    + "\"connectionsOpened\":5,\"uptimeSeconds\":0,\"time\":1764000000000}",
                    res.content().toString(StandardCharsets.UTF_8));
        } finally {
            res.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void apiInfoTellsTheClientWhichJoinFormToShow() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRouter(health, guard, null, clientApi));
        FullHttpResponse res = request(HttpMethod.GET, "/api/info?x=1", ch);
        try {
            assertEquals(HttpResponseStatus.OK, res.status());
            assertEquals("{\"auth\":\"accounts\",\"version\":\"9.9\"}", res.content().toString(StandardCharsets.UTF_8));
        } finally {
            res.release();
        }
        res = request(HttpMethod.POST, "/api/stats", ch);
        try {
            assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, res.status());
            assertEquals("GET, HEAD", res.headers().get(HttpHeaderNames.ALLOW));
        } finally {
            res.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void apiPathsPassOnWithoutAClientApi() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRouter(health, guard));
        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/stats"));
        FullHttpRequest passed = ch.readInbound();
        assertEquals("/api/stats", passed.uri());
        passed.release();
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }
}
