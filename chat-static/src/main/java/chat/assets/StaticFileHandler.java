package chat.assets;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;

/**
 * Serves {@link StaticAssets} to {@code GET} and {@code HEAD} requests.
 *
 * <p>Terminal for {@link FullHttpRequest}: every one gets an answer ({@code 200}, {@code 304}, {@code 400},
 * {@code 404} or {@code 405}) and is released. Every other message (WebSocket frames once the connection is
 * upgraded) is passed on unchanged and unreleased. On
 * {@link WebSocketServerProtocolHandler.HandshakeComplete} the handler removes itself from the pipeline.
 *
 * <p>Place it after {@code HttpServerCodec} and {@code HttpObjectAggregator}, and after
 * {@code WebSocketServerProtocolHandler} (which answers the upgrade path and passes other requests on), or behind a
 * router that forwards only the requests it does not handle itself. Stateless: one instance serves every channel.
 * Never blocks: a request is a map lookup.
 */
@ChannelHandler.Sharable
public final class StaticFileHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** Scripts, styles and images from this origin only; WebSocket connections to any host (the page's own). */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self' ws: wss:; manifest-src 'self'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    static final String ALLOWED_METHODS = "GET, HEAD";

    private static final AsciiString X_CONTENT_TYPE_OPTIONS = AsciiString.cached("x-content-type-options");
    private static final AsciiString REFERRER_POLICY = AsciiString.cached("referrer-policy");
    private static final AsciiString NO_REFERRER = AsciiString.cached("no-referrer");
    private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");

    private final StaticAssets assets;

    /** Creates a handler serving {@code assets}. */
    public StaticFileHandler(StaticAssets assets) {
        this.assets = requireNonNull(assets, "assets");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        // A request the codec could not parse leaves the connection in an unknown state: answer, then close.
        final boolean keepAlive = req.decoderResult().isSuccess() && HttpUtil.isKeepAlive(req);
        send(ctx, req, respond(req), keepAlive);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            // The connection speaks WebSocket from now on: stop inspecting every frame.
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(evt);
    }

    private FullHttpResponse respond(FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            return error(req, HttpResponseStatus.BAD_REQUEST);
        }
        final boolean head = HttpMethod.HEAD.equals(req.method());
        if (!head && !HttpMethod.GET.equals(req.method())) {
            final FullHttpResponse res = error(req, HttpResponseStatus.METHOD_NOT_ALLOWED);
            res.headers().set(HttpHeaderNames.ALLOW, ALLOWED_METHODS);
            return res;
        }
        final String path = RequestPaths.safePath(req.uri());
        if (path == null) {
            return error(req, HttpResponseStatus.BAD_REQUEST);
        }
        final Optional<StaticAsset> found = assets.find(path);
        if (found.isEmpty()) {
            return error(req, HttpResponseStatus.NOT_FOUND);
        }
        final StaticAsset asset = found.get();
        return ConditionalRequests.isNotModified(req.headers(), asset) ? notModified(asset) : ok(asset, head);
    }

    private static FullHttpResponse ok(StaticAsset asset, boolean head) {
        final FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.OK, head ? Unpooled.EMPTY_BUFFER : asset.content());
        final HttpHeaders headers = res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, asset.length())
                .set(HttpHeaderNames.ETAG, asset.etag())
                .set(HttpHeaderNames.LAST_MODIFIED, asset.lastModifiedHeader())
                .set(HttpHeaderNames.CACHE_CONTROL, asset.cacheControl());
        if (asset.isHtml()) {
            headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
                   .set(REFERRER_POLICY, NO_REFERRER);
        }
        return res;
    }

    /** A 304 repeats the validators and caching fields of the 200 it stands for (RFC 9110 §15.4.5), no body. */
    private static FullHttpResponse notModified(StaticAsset asset) {
        final FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER);
        res.headers()
           .set(HttpHeaderNames.ETAG, asset.etag())
           .set(HttpHeaderNames.CACHE_CONTROL, asset.cacheControl());
        return res;
    }

    /** A short text/plain error; for HEAD, the same headers and no body. */
    private static FullHttpResponse error(FullHttpRequest req, HttpResponseStatus status) {
        final String text = status + "\n";
        final ByteBuf body = HttpMethod.HEAD.equals(req.method())
                ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
        final FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers()
           .set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
           .setInt(HttpHeaderNames.CONTENT_LENGTH, ByteBufUtil.utf8Bytes(text))
           .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return res;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res, boolean keepAlive) {
        final HttpHeaders headers = res.headers();
        headers.set(HttpHeaderNames.DATE, DateFormatter.format(new Date()))
               .set(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
        HttpUtil.setKeepAlive(headers, req.protocolVersion(), keepAlive);
        ctx.writeAndFlush(res)
           .addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }
}
