package chat.server.http;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * The whole application of the {@code --metrics-port} listener: {@code /metrics}, and 404 for anything
 * else (no web client, no WebSocket, no health). Stateless and {@link Sharable}.
 */
@Sharable
public final class MetricsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final MetricsEndpoint endpoint;

    public MetricsHttpHandler(MetricsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        FullHttpResponse res;
        if (req.decoderResult().isFailure()) {
            res = HttpRouter.text(HttpResponseStatus.BAD_REQUEST, "400 malformed request\n");
            HttpUtil.setKeepAlive(req, false);
        } else if (MetricsEndpoint.PATH.equals(new QueryStringDecoder(req.uri()).path())) {
            res = endpoint.response(req.method());
        } else {
            res = HttpRouter.text(HttpResponseStatus.NOT_FOUND, "404 only /metrics is served here\n");
        }
        HttpRouter.respond(ctx, req, res);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // resets and the like: a scraper's problem, nothing to log
    }
}
