package chat.server.access;

import chat.server.hub.Session;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;

/**
 * Notes the code and reason of a client's close frame on its {@link Session} for the close line and the
 * closes-by-code counter. It sits just before the WebSocket protocol handler, which answers close frames
 * itself and never passes them on. Inbound only: outbound fan-out never passes it. Stateless.
 */
@Sharable
public final class PeerCloseRecorder extends ChannelInboundHandlerAdapter {
    public static final PeerCloseRecorder INSTANCE = new PeerCloseRecorder();

    private PeerCloseRecorder() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof CloseWebSocketFrame close) {
            Session s = Session.of(ctx.channel());
            if (s != null) {
                s.recordClose(close.statusCode() < 0 ? 1005 : close.statusCode(), close.reasonText(), "client");
            }
        }
        ctx.fireChannelRead(msg);
    }
}
