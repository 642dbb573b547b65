package chat.server.perimeter;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Slowloris defence: a connection must deliver a complete HTTP request within the deadline, or it is
 * closed — trickling header bytes slowly does not keep it alive (the idle timer alone would). Re-armed
 * after each request on a keep-alive connection. Sits right after the HTTP aggregator, so it sees only
 * complete requests — and, being before the WebSocket handler, never sees its {@code HandshakeComplete}
 * event (user events travel toward the tail): the chat handler removes it after the upgrade. One per
 * connection.
 */
public final class RequestDeadlineHandler extends ChannelInboundHandlerAdapter {
    private final long deadlineMillis;
    private ScheduledFuture<?> timer;

    public RequestDeadlineHandler(long deadlineMillis) {
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest) {
            arm(ctx); // the next request on this connection gets its own deadline
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void arm(ChannelHandlerContext ctx) {
        cancel();
        timer = ctx.executor().schedule(() -> {
            ctx.channel().close(); // no response: the request never arrived
        }, deadlineMillis, TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
