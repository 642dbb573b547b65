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
 * The server's own HTTP routes ({@code /healthz}); every other request — the WebSocket upgrade,
 * static files — passes on unchanged. Stateless and {@link Sharable}; removed from a connection's
 * pipeline once it is upgraded.
 */
@Sharable
public final class HttpRouter extends ChannelInboundHandlerAdapter {
    public static final String HEALTH_PATH = "/healthz";

    private final Health health;

    public HttpRouter(Health health) {
        this.health = health;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req && HEALTH_PATH.equals(new QueryStringDecoder(req.uri()).path())) {
            try {
                respond(ctx, req, healthResponse(req));
            } finally {
                req.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private FullHttpResponse healthResponse(FullHttpRequest req) {
        HttpMethod m = req.method();
        if (!HttpMethod.GET.equals(m) && !HttpMethod.HEAD.equals(m)) {
            FullHttpResponse res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return res;
        }
        Health.Snapshot s = health.snapshot();
        String json = "{\"status\":\"" + s.status() + "\",\"connections\":" + s.connections()
                + ",\"uptimeSeconds\":" + s.uptimeSeconds() + ",\"version\":\"" + s.version() + "\"}";
        FullHttpResponse res = response(s.ok() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                Unpooled.copiedBuffer(json, StandardCharsets.UTF_8), "application/json");
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
