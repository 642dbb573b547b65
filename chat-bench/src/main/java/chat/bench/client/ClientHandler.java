package chat.bench.client;

import chat.bench.stats.BenchClock;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a bench connection: turns handshake events into state changes, hands text frames to
 * the {@link FrameListener}, and records how the connection ended (server close frame code and reason,
 * reset, or plain EOF). Releases every frame it receives.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private final BenchClient client;
    private final FrameListener listener;
    private final ConnectionStats stats;
    private String failure;

    ClientHandler(BenchClient client, FrameListener listener, ConnectionStats stats) {
        this.client = client;
        this.listener = listener;
        this.stats = stats;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            if (client.markOpen(BenchClock.now())) {
                stats.onOpen(client);
            }
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            failure = "handshake: timeout";
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame text) {
                client.framesReceived++;
                listener.onText(client, text.content(), BenchClock.now());
            } else if (msg instanceof CloseWebSocketFrame close) {
                client.noteCloseFrame(close.statusCode(), close.reasonText());
                // Answer the close (RFC 6455 §5.5.1); WebSocketProtocolHandler closes after the write.
                ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), ""))
                        .addListener(f -> ctx.close());
            } else {
                client.framesReceived++;
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String c = Causes.describe(cause);
        if (client.state() == BenchClient.State.OPEN) {
            client.noteError(c);
        } else if (failure == null) {
            failure = c;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (client.markFailed()) {
            stats.onFailed(failure != null ? failure : "handshake: connection closed");
        } else if (client.markClosed(closeCause())) {
            stats.onClosed(client, client.closeCause());
        }
        super.channelInactive(ctx);
    }

    private String closeCause() {
        if (client.closeCode() >= 0) {
            String reason = client.closeReason();
            return "server close " + client.closeCode() + (reason == null || reason.isEmpty() ? "" : " " + reason);
        }
        return client.error() != null ? client.error() : "closed without close frame";
    }
}
