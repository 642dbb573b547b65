package chat.server.ws;

import chat.server.hub.Session;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/**
 * Closes a connection from which nothing at all — frames, pongs, HTTP bytes — arrived for the idle
 * timeout. Reader-idle only: writer or all-idle timers add a listener to every write and defeat void
 * promises (netty-notes §3). The ping half of the heartbeat is {@link ChatSessionHandler}'s.
 */
public final class IdleTimeoutHandler extends IdleStateHandler {
    public IdleTimeoutHandler(long timeoutMillis) {
        super(timeoutMillis, 0, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        // channel().close() passes the WebSocket handler, which sends a close frame first (bounded by its force-close timeout).
        Session s = Session.of(ctx.channel());
        if (s != null) {
            s.recordClose(1000, "idle timeout", "server"); // the close frame the WebSocket handler sends
        }
        ctx.channel().close();
    }
}
