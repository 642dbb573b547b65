package chat.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFileHandlerTest {

    private static final StaticAssets WEB = new StaticAssets();
    private static final StaticAssets TEST_WEB =
            new StaticAssets(StaticFileHandlerTest.class.getClassLoader(), "testweb");

    /** What a test needs from a response, copied out so the response itself is released at once. */
    private record Response(HttpResponseStatus status, HttpHeaders headers, String body) {
        String header(CharSequence name) {
            return headers.get(name);
        }
    }

    @Test
    void servesIndexAtRootAsHtmlWithEtag() throws IOException {
        final EmbeddedChannel ch = channel(WEB);
        final Response res = exchange(ch, get("/"));
        assertEquals(HttpResponseStatus.OK, res.status());
        assertEquals("text/html; charset=utf-8", res.header(HttpHeaderNames.CONTENT_TYPE));
        assertEquals(classPathText("web/index.html"), res.body());
        assertEquals(String.valueOf(res.body().getBytes(StandardCharsets.UTF_8).length),
                     res.header(HttpHeaderNames.CONTENT_LENGTH));
        assertEquals(asset(WEB, "/index.html").etag(), res.header(HttpHeaderNames.ETAG));
        assertTrue(res.header(HttpHeaderNames.ETAG).matches("\"[^\"]+\""), "strong, quoted");
        assertEquals(DateFormatter.format(Date.from(WEB.lastModified())), res.header(HttpHeaderNames.LAST_MODIFIED));
        assertEquals("no-cache", res.header(HttpHeaderNames.CACHE_CONTROL));
        assertEquals("nosniff", res.header("X-Content-Type-Options"));
        assertEquals("no-referrer", res.header("Referrer-Policy"));
        final String csp = res.header(HttpHeaderNames.CONTENT_SECURITY_POLICY);
        assertTrue(csp.contains("script-src 'self'") && csp.contains("connect-src 'self' ws: wss:"), csp);
        assertNotNull(DateFormatter.parseHttpDate(res.header(HttpHeaderNames.DATE)));
        assertFalse(ch.finish());
    }

    @Test
    void servesScriptsWithoutPageOnlyHeaders() {
        final EmbeddedChannel ch = channel(WEB);
        final Response res = exchange(ch, get("/js/main.js"));
        assertEquals(HttpResponseStatus.OK, res.status());
        assertEquals("text/javascript; charset=utf-8", res.header(HttpHeaderNames.CONTENT_TYPE));
        assertNull(res.header(HttpHeaderNames.CONTENT_SECURITY_POLICY));
        assertEquals("nosniff", res.header("X-Content-Type-Options"));
        assertFalse(ch.finish());
    }

    @Test
    void servesNestedIndexAndFingerprintedFiles() {
        final EmbeddedChannel ch = channel(TEST_WEB);
        final Response docs = exchange(ch, get("/docs/"));
        assertEquals(HttpResponseStatus.OK, docs.status());
        assertTrue(docs.body().contains("<title>docs</title>"), docs.body());
        final Response script = exchange(ch, get("/app.0123abcd.js"));
        assertEquals("public, max-age=31536000, immutable", script.header(HttpHeaderNames.CACHE_CONTROL));
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @ValueSource(strings = {"%s", "W/%s", "*", "\"other\", %s", "\"other\", W/%s"})
    void answersMatchingIfNoneMatchWith304AndNoBody(String pattern) {
        final EmbeddedChannel ch = channel(WEB);
        final String etag = asset(WEB, "/index.html").etag();
        final Response res = exchange(ch, get("/", HttpHeaderNames.IF_NONE_MATCH, pattern.replace("%s", etag)));
        assertEquals(HttpResponseStatus.NOT_MODIFIED, res.status());
        assertEquals(etag, res.header(HttpHeaderNames.ETAG));
        assertEquals("no-cache", res.header(HttpHeaderNames.CACHE_CONTROL));
        assertEquals("", res.body());
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void servesChangedContentDespiteIfNoneMatchForOtherTag() {
        final EmbeddedChannel ch = channel(WEB);
        final Response res = exchange(ch, get("/", HttpHeaderNames.IF_NONE_MATCH, "\"stale\""));
        assertEquals(HttpResponseStatus.OK, res.status());
        assertFalse(res.body().isEmpty());
        assertFalse(ch.finish());
    }

    @Test
    void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
        final EmbeddedChannel ch = channel(WEB);
        final FullHttpRequest req = get("/", HttpHeaderNames.IF_NONE_MATCH, "\"stale\"");
        req.headers().set(HttpHeaderNames.IF_MODIFIED_SINCE, DateFormatter.format(new Date()));
        assertEquals(HttpResponseStatus.OK, exchange(ch, req).status());
        assertFalse(ch.finish());
    }

    @Test
    void answersCurrentIfModifiedSinceWith304() {
        final EmbeddedChannel ch = channel(WEB);
        final String lastModified = DateFormatter.format(Date.from(WEB.lastModified()));
        final Response exact = exchange(ch, get("/js/main.js", HttpHeaderNames.IF_MODIFIED_SINCE, lastModified));
        assertEquals(HttpResponseStatus.NOT_MODIFIED, exact.status());
        assertEquals("", exact.body());
        final String later = DateFormatter.format(Date.from(WEB.lastModified().plus(Duration.ofHours(1))));
        assertEquals(HttpResponseStatus.NOT_MODIFIED,
                     exchange(ch, get("/js/main.js", HttpHeaderNames.IF_MODIFIED_SINCE, later)).status());
        assertFalse(ch.finish());
    }

    @Test
    void servesStaleIfModifiedSinceWith200() {
        final EmbeddedChannel ch = channel(WEB);
        final String earlier = DateFormatter.format(Date.from(WEB.lastModified().minusSeconds(1)));
        final Response res = exchange(ch, get("/js/main.js", HttpHeaderNames.IF_MODIFIED_SINCE, earlier));
        assertEquals(HttpResponseStatus.OK, res.status());
        assertFalse(res.body().isEmpty());
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "", "Mon, 99 Foo 2025 99:99:99 GMT", "0"})
    void ignoresUnparsableIfModifiedSince(String date) {
        final EmbeddedChannel ch = channel(WEB);
        assertEquals(HttpResponseStatus.OK,
                     exchange(ch, get("/js/main.js", HttpHeaderNames.IF_MODIFIED_SINCE, date)).status());
        assertFalse(ch.finish());
    }

    @Test
    void answersHeadWithTheHeadersOfGetAndNoBody() {
        final EmbeddedChannel ch = channel(WEB);
        final Response getRes = exchange(ch, get("/"));
        final Response headRes = exchange(ch, request(HttpMethod.HEAD, "/"));
        assertEquals(HttpResponseStatus.OK, headRes.status());
        assertEquals("", headRes.body());
        assertEquals(String.valueOf(asset(WEB, "/index.html").length()),
                     headRes.header(HttpHeaderNames.CONTENT_LENGTH));
        getRes.headers().remove(HttpHeaderNames.DATE);
        headRes.headers().remove(HttpHeaderNames.DATE);
        assertEquals(sortedEntries(getRes.headers()), sortedEntries(headRes.headers()));
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"})
    void rejectsOtherMethodsWith405(String method) {
        final EmbeddedChannel ch = channel(WEB);
        final FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), "/",
                Unpooled.copiedBuffer("body", StandardCharsets.UTF_8));
        final Response res = exchange(ch, req);
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, res.status());
        assertEquals("GET, HEAD", res.header(HttpHeaderNames.ALLOW));
        assertEquals("text/plain; charset=utf-8", res.header(HttpHeaderNames.CONTENT_TYPE));
        assertEquals(0, req.refCnt(), "the request and its body are released");
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope.html", "/docs/", "/index.htm", "/js/main.js/", "/ws"})
    void answersUnknownPathsWith404(String uri) {
        final EmbeddedChannel ch = channel(WEB);
        final Response res = exchange(ch, get(uri));
        assertEquals(HttpResponseStatus.NOT_FOUND, res.status());
        assertEquals("404 Not Found\n", res.body());
        assertEquals("no-store", res.header(HttpHeaderNames.CACHE_CONTROL));
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void ignoresTheQueryString() {
        final EmbeddedChannel ch = channel(WEB);
        final Response res = exchange(ch, get("/js/main.js?v=2&x=%2e%2e"));
        assertEquals(HttpResponseStatus.OK, res.status());
        assertEquals(asset(WEB, "/js/main.js").etag(), res.header(HttpHeaderNames.ETAG));
        assertEquals(HttpResponseStatus.OK, exchange(ch, get("/?name=Alice")).status());
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../etc/passwd", "/%2e%2e/etc/passwd", "/%2e%2e%2fetc%2fpasswd", "/..%5c..%5cwindows",
                            "/a\\b", "/.hidden", "/%00", "/.assets", "/%2eassets", "//etc/passwd", "/docs/./x",
                            "/js/main.js%00.html", "/%zz", "/abc%", "relative.html", "*",
                            "http://evil.example/../etc/passwd"})
    void rejectsUnsafePathsWith400WithoutReadingAnything(String uri) {
        final CountingClassLoader loader = new CountingClassLoader(StaticFileHandlerTest.class.getClassLoader());
        final StaticAssets assets = new StaticAssets(loader, "web");
        final int lookupsAfterLoading = loader.lookups();
        final EmbeddedChannel ch = channel(assets);
        final Response res = exchange(ch, get(uri));
        assertEquals(HttpResponseStatus.BAD_REQUEST, res.status());
        assertEquals("400 Bad Request\n", res.body());
        assertEquals(lookupsAfterLoading, loader.lookups(), "serving must never touch the class path");
        assertFalse(ch.finish());
    }

    @Test
    void keepsTheConnectionOpenForKeepAlive() {
        final EmbeddedChannel ch = channel(WEB);
        final Response res = exchange(ch, get("/"));
        assertNull(res.header(HttpHeaderNames.CONNECTION));
        assertTrue(ch.isOpen());
        final FullHttpRequest http10 = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/js/main.js");
        http10.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        assertEquals("keep-alive", exchange(ch, http10).header(HttpHeaderNames.CONNECTION));
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void closesTheConnectionWhenAskedTo() {
        final EmbeddedChannel ch = channel(WEB);
        final Response res = exchange(ch, get("/", HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE));
        assertEquals(HttpResponseStatus.OK, res.status());
        assertEquals("close", res.header(HttpHeaderNames.CONNECTION));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void closesHttp10ConnectionsWithoutKeepAlive() {
        final EmbeddedChannel ch = channel(WEB);
        exchange(ch, new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/"));
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void answersUndecodableRequestsWith400AndCloses() {
        final EmbeddedChannel ch = channel(WEB);
        final FullHttpRequest req = get("/");
        req.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));
        final Response res = exchange(ch, req);
        assertEquals(HttpResponseStatus.BAD_REQUEST, res.status());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void passesNonHttpMessagesThroughUntouched() {
        final EmbeddedChannel ch = channel(WEB);
        final TextWebSocketFrame frame = new TextWebSocketFrame("{\"type\":\"message\",\"text\":\"hi\"}");
        assertTrue(ch.writeInbound(frame));
        final Object passed = ch.readInbound();
        try {
            assertSame(frame, passed);
            assertEquals(1, frame.refCnt(), "neither released nor retained");
            assertNull(ch.readOutbound(), "no answer to a frame");
        } finally {
            frame.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void removesItselfOnceTheWebSocketHandshakeCompletes() {
        final List<Object> events = new ArrayList<>();
        final EmbeddedChannel ch = new EmbeddedChannel(new StaticFileHandler(WEB), new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        final HandshakeComplete done = new HandshakeComplete("/ws?name=Alice", EmptyHttpHeaders.INSTANCE, null);
        ch.pipeline().fireUserEventTriggered(done);
        assertNull(ch.pipeline().get(StaticFileHandler.class));
        assertEquals(List.of(done), events, "the event still reaches the handlers after it");
        assertFalse(ch.finish());
    }

    @Test
    void oneInstanceServesManyChannels() {
        final StaticFileHandler shared = new StaticFileHandler(WEB);
        final EmbeddedChannel first = new EmbeddedChannel(shared);
        final EmbeddedChannel second = new EmbeddedChannel(shared);
        assertEquals(HttpResponseStatus.OK, exchange(first, get("/")).status());
        assertEquals(HttpResponseStatus.OK, exchange(second, get("/js/main.js")).status());
        assertFalse(first.finish());
        assertFalse(second.finish());
    }

    private static EmbeddedChannel channel(StaticAssets assets) {
        return new EmbeddedChannel(new StaticFileHandler(assets));
    }

    private static FullHttpRequest get(String uri) {
        return request(HttpMethod.GET, uri);
    }

    private static FullHttpRequest get(String uri, CharSequence header, CharSequence value) {
        final FullHttpRequest req = get(uri);
        req.headers().set(header, value);
        return req;
    }

    private static FullHttpRequest request(HttpMethod method, String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    }

    /** Writes {@code req} (which the handler releases), reads and releases the one response it must produce. */
    private static Response exchange(EmbeddedChannel ch, FullHttpRequest req) {
        assertFalse(ch.writeInbound(req), "an HTTP request must not pass the handler");
        final FullHttpResponse res = ch.readOutbound();
        assertNotNull(res, "no response");
        try {
            assertNull(ch.readOutbound(), "more than one response");
            return new Response(res.status(), res.headers().copy(), res.content().toString(StandardCharsets.UTF_8));
        } finally {
            res.release();
        }
    }

    private static StaticAsset asset(StaticAssets assets, String path) {
        return assets.find(path).orElseThrow();
    }

    private static List<String> sortedEntries(HttpHeaders headers) {
        final List<String> entries = new ArrayList<>();
        headers.forEach(e -> entries.add(e.getKey().toLowerCase(Locale.ROOT) + ": " + e.getValue()));
        entries.sort(null);
        return entries;
    }

    private static String classPathText(String name) throws IOException {
        try (InputStream in = StaticFileHandlerTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
