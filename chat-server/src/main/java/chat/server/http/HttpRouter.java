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

import java.nio.charset.StandardCharsets;

/**
 * The server's own HTTP routes ({@code /healthz} liveness, {@code /readyz} readiness); while draining,
 * WebSocket upgrades get 503 with {@code Retry-After}. Every other request — the upgrade, static
 * files — passes on unchanged. Stateless and {@link Sharable}; removed from a connection's pipeline once
 * it is upgraded.
 */
@Sharable
public final class HttpRouter extends ChannelInboundHandlerAdapter {
    public static final String HEALTH_PATH = "/healthz";
    public static final String READY_PATH = "/readyz";
    private static final String WS_PATH = "/ws";

    private final Health health;

    public HttpRouter(Health health) {
        this.health = health;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req) {
            String path = new QueryStringDecoder(req.uri()).path();
            FullHttpResponse res = null;
            if (HEALTH_PATH.equals(path) || READY_PATH.equals(path)) {
                res = healthResponse(req, READY_PATH.equals(path));
            } else if (health.draining() && (path.equals(WS_PATH) || path.startsWith(WS_PATH + "/"))) {
                res = text(HttpResponseStatus.SERVICE_UNAVAILABLE, "503 server shutting down; retry shortly\n");
                res.headers().set(HttpHeaderNames.RETRY_AFTER, "2");
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

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        return response(status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body, String contentType) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return res;
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(res, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
