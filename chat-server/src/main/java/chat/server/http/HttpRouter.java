package chat.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import chat.server.perimeter.UpgradeGuard;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The server's own HTTP routes ({@code /healthz} liveness, {@code /readyz} readiness, {@code /metrics}, the web
 * client's {@code /api/info} and {@code /api/stats}), the gate of
 * WebSocket upgrades (503 while draining; Origin and connection caps via {@link UpgradeGuard}), and
 * the answers to unparseable requests (414, 431, 400). Every other request — an allowed upgrade,
 * static files — passes on unchanged. Stateless and {@link Sharable}; removed from a connection's
 * pipeline once it is upgraded.
 */
@Sharable
public final class HttpRouter extends ChannelInboundHandlerAdapter {
    public static final String HEALTH_PATH = "/healthz";
    public static final String READY_PATH = "/readyz";
    public static final String METRICS_PATH = MetricsEndpoint.PATH;
    private static final String WS_PATH = "/ws";

    private final Health health;
    private final UpgradeGuard guard;
    private final MetricsEndpoint metrics;
    private final ClientApi clientApi;

    /**
     * @param metrics   {@code /metrics}, or {@code null} when this port does not serve it (metrics off, or on
     *                  {@code --metrics-port}): then the request goes on to a 404
     * @param clientApi the web client's {@code /api/info} and {@code /api/stats}, or {@code null} for none (404)
     */
    public HttpRouter(Health health, UpgradeGuard guard, MetricsEndpoint metrics, ClientApi clientApi) {
        this.health = health;
        this.guard = guard;
        this.metrics = metrics;
        this.clientApi = clientApi;
    }

    public HttpRouter(Health health, UpgradeGuard guard) {
        this(health, guard, null, null);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req) {
            FullHttpResponse res = null;
            if (req.decoderResult().isFailure()) {
                res = malformed(req.decoderResult().cause());
                HttpUtil.setKeepAlive(req, false);
            } else {
                String path = new QueryStringDecoder(req.uri()).path();
                if (HEALTH_PATH.equals(path) || READY_PATH.equals(path)) {
                    res = healthResponse(req, READY_PATH.equals(path));
                } else if (METRICS_PATH.equals(path) && metrics != null) {
                    metrics.answer(ctx, req); // answers later, off the event loop; owns req now
                    return;
                } else if (ClientApi.INFO_PATH.equals(path) && clientApi != null) {
                    res = readOnly(req, clientApi::infoJson, "application/json");
                } else if (ClientApi.STATS_PATH.equals(path) && clientApi != null) {
                    res = readOnly(req, clientApi::statsJson, "application/json");
                } else if (path.equals(WS_PATH) || path.startsWith(WS_PATH + "/")) {
                    res = upgradeRefusal(ctx, req);
                }
            }
            if (res != null) {
                try {
                    respond(ctx, req, res);
                } finally {
                    req.release();
                }
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** A GET/HEAD-only document that must never be cached ({@code /api/info}, {@code /api/stats}). */
    private static FullHttpResponse readOnly(FullHttpRequest req, Supplier<String> body, String contentType) {
        if (!HttpMethod.GET.equals(req.method()) && !HttpMethod.HEAD.equals(req.method())) {
            FullHttpResponse res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return res;
        }
        FullHttpResponse res = response(HttpResponseStatus.OK, Unpooled.copiedBuffer(body.get(), StandardCharsets.UTF_8),
                contentType);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (HttpMethod.HEAD.equals(req.method())) {
            res.content().clear();
        }
        return res;
    }

    /** Returns the answer to an upgrade that may not proceed, or {@code null} to let it through. */
    private FullHttpResponse upgradeRefusal(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (health.draining()) {
            FullHttpResponse res = text(HttpResponseStatus.SERVICE_UNAVAILABLE, "503 server shutting down; retry shortly\n");
            res.headers().set(HttpHeaderNames.RETRY_AFTER, "2");
            return res;
        }
        UpgradeGuard.Refusal refusal = guard.check(ctx.channel(), req);
        if (refusal == null) {
            return null;
        }
        FullHttpResponse res = text(refusal.status(), refusal.status().code() + " " + refusal.reason() + "\n");
        if (refusal.status().equals(HttpResponseStatus.UNAUTHORIZED)) {
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"chat\", error=\"invalid_token\"");
        }
        if (refusal.status().equals(HttpResponseStatus.TOO_MANY_REQUESTS)
                || refusal.status().equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
            res.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
        }
        return res;
    }

    /** 414 for an over-long request line, 431 for over-large headers, 400 for anything else unparseable. */
    private FullHttpResponse malformed(Throwable cause) {
        guard.badRequest();
        if (cause instanceof TooLongHttpLineException) {
            return text(HttpResponseStatus.REQUEST_URI_TOO_LONG, "414 request line too long\n");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return text(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "431 request headers too large\n");
        }
        return text(HttpResponseStatus.BAD_REQUEST, "400 malformed request\n");
    }

    private FullHttpResponse healthResponse(FullHttpRequest req, boolean readiness) {
        HttpMethod m = req.method();
        if (!HttpMethod.GET.equals(m) && !HttpMethod.HEAD.equals(m)) {
            FullHttpResponse res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return res;
        }
        Health.Snapshot s = health.snapshot();
        boolean ok = readiness ? s.ready() : s.live();
        FullHttpResponse res = response(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                Unpooled.copiedBuffer(s.json(), StandardCharsets.UTF_8), "application/json");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (HttpMethod.HEAD.equals(m)) {
            res.content().clear(); // Content-Length stays that of the GET body (RFC 9110 §9.3.2)
        }
        return res;
    }

    static FullHttpResponse text(HttpResponseStatus status, String body) {
        return response(status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    static FullHttpResponse response(HttpResponseStatus status, ByteBuf body, String contentType) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return res;
    }

    static void respond(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
        respond(ctx, HttpUtil.isKeepAlive(req), res);
    }

    static void respond(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse res) {
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(res, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
