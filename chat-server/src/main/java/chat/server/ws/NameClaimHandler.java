package chat.server.ws;

import chat.server.hub.Hub;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.RejectedExecutionException;

/**
 * Cluster mode with anonymous names: claims the connection's name in the whole cluster (a Redis round trip)
 * before the WebSocket upgrade is answered, without blocking the event loop — the connection stops reading
 * meanwhile, and the upgrade request goes on once the name is known. {@link ChatSessionHandler} takes the name
 * ({@link #take}); a name whose connection closes before it became a session is released here.
 * One instance per channel; everything but the Redis answer runs on the channel's event loop.
 */
public final class NameClaimHandler extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<String> CLAIMED = AttributeKey.valueOf("chat.claimedName");

    private final Hub hub;
    private final String defaultRoom;

    public NameClaimHandler(Hub hub, String defaultRoom) {
        this.hub = hub;
        this.defaultRoom = defaultRoom;
    }

    /** Returns the name claimed for this connection's upgrade and hands it over to the caller ({@code null}: none). */
    public static String take(Channel channel) {
        return channel.attr(CLAIMED).getAndSet(null);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)
                || !"websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))) {
            ctx.fireChannelRead(msg);
            return;
        }
        HandshakeParams params = HandshakeParams.parse(req.uri(), defaultRoom, null);
        if (params.error() != null) {
            ctx.fireChannelRead(msg); // refused after the upgrade, with the reason
            return;
        }
        Channel ch = ctx.channel();
        release(ch); // a second upgrade on a kept-alive connection
        ch.config().setAutoRead(false);
        hub.claimNameInCluster(params.name(), ch).whenComplete((name, error) -> {
            try {
                ctx.executor().execute(() -> proceed(ctx, req, name));
            } catch (RejectedExecutionException e) { // the server is stopping
                ReferenceCountUtil.release(req);
            }
        });
    }

    private void proceed(ChannelHandlerContext ctx, FullHttpRequest req, String name) {
        Channel ch = ctx.channel();
        if (!ch.isActive()) {
            if (name != null) {
                hub.releaseName(name, ch);
            }
            ReferenceCountUtil.release(req);
            return;
        }
        if (name != null) {
            ch.attr(CLAIMED).set(name);
        }
        ch.config().setAutoRead(true);
        ctx.fireChannelRead(req);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release(ctx.channel());
        ctx.fireChannelInactive();
    }

    private void release(Channel ch) {
        String name = take(ch);
        if (name != null) {
            hub.releaseName(name, ch);
        }
    }
}
