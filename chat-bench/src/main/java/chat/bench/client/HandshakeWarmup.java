package chat.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.URI;

/**
 * Runs WebSocket handshakes and a few frames in memory (two {@link EmbeddedChannel}s, the bench's own client
 * pipeline against a Netty server pipeline) before the real connections, so class loading and the
 * interpreter do not inflate the connect times of the first real connections. Touches no network.
 */
public final class HandshakeWarmup {
    private static final URI URI_ = URI.create("ws://localhost/ws?name=warmup");

    private HandshakeWarmup() {
    }

    /** Performs {@code count} in-memory handshakes; returns how many completed. */
    public static int run(int count) {
        int ok = 0;
        ConnectionStats stats = new ConnectionStats();
        FrameListener sink = (client, content, now) -> { };
        for (int i = 0; i < count; i++) {
            BenchClient c = new BenchClient(i, URI_, 0, 0, -1, 1, false);
            c.startConnecting(0);
            EmbeddedChannel server = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(8192),
                    new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder().websocketPath("/ws")
                            .checkStartsWith(true).build()));
            EmbeddedChannel client = new EmbeddedChannel(new ClientInitializer(c, sink, stats, 10_000));
            try {
                shuttle(client, server);
                if (c.state() == BenchClient.State.OPEN) {
                    ok++;
                    server.writeOutbound(new TextWebSocketFrame("~b:0:0:0:0~xxxxxxxx"));
                    client.writeOutbound(new TextWebSocketFrame("~b:0:0:0:0~xxxxxxxx"));
                    shuttle(client, server);
                }
            } finally {
                client.finishAndReleaseAll();
                server.finishAndReleaseAll();
            }
        }
        return ok;
    }

    private static void shuttle(EmbeddedChannel client, EmbeddedChannel server) {
        for (int round = 0; round < 8; round++) {
            boolean moved = false;
            for (Object m; (m = client.readOutbound()) != null; moved = true) {
                server.writeInbound((ByteBuf) m);
            }
            for (Object m; (m = server.readOutbound()) != null; moved = true) {
                client.writeInbound((ByteBuf) m);
            }
            for (Object m; (m = server.readInbound()) != null; ) {
                io.netty.util.ReferenceCountUtil.release(m);
            }
            if (!moved) {
                return;
            }
        }
    }
}
