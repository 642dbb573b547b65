package chat.server.http;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * The whole application of the {@code --metrics-port} listener: {@code /metrics}, and 404 for anything
 * else (no web client, no WebSocket, no health). Stateless and {@link Sharable}.
 */
@Sharable
public final class MetricsHttpHandler extends ChannelInboundHandlerAdapter {
    private final MetricsEndpoint endpoint;

    public MetricsHttpHandler(MetricsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!req.decoderResult().isFailure() && MetricsEndpoint.PATH.equals(new QueryStringDecoder(req.uri()).path())) {
            endpoint.answer(ctx, req); // owns req now
            return;
        }
        try {
            FullHttpResponse res;
            if (req.decoderResult().isFailure()) {
                res = HttpRouter.text(HttpResponseStatus.BAD_REQUEST, "400 malformed request\n");
                HttpUtil.setKeepAlive(req, false);
            } else {
                res = HttpRouter.text(HttpResponseStatus.NOT_FOUND, "404 only /metrics is served here\n");
            }
            HttpRouter.respond(ctx, req, res);
        } finally {
            req.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // resets and the like: a scraper's problem, nothing to log
    }
}
