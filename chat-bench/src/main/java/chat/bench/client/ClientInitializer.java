package chat.bench.client;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

/**
 * Builds one bench connection's pipeline: HTTP codec and aggregator (removed by the handshake), the
 * WebSocket client protocol handler (handshake, masking, automatic pong; close frames are passed on so the
 * bench can record their code), a frame aggregator for fragmented messages, then {@link ClientHandler}.
 */
final class ClientInitializer extends ChannelInitializer<Channel> {
    static final int MAX_FRAME = 1 << 20;

    private final BenchClient client;
    private final FrameListener listener;
    private final ConnectionStats stats;
    private final long handshakeTimeoutMillis;

    ClientInitializer(BenchClient client, FrameListener listener, ConnectionStats stats, long handshakeTimeoutMillis) {
        this.client = client;
        this.listener = listener;
        this.stats = stats;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected void initChannel(Channel ch) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(client.uri())
                .handleCloseFrames(false)
                .sendCloseFrame(WebSocketCloseStatus.NORMAL_CLOSURE)
                .forceCloseTimeoutMillis(1000)
                .handshakeTimeoutMillis(handshakeTimeoutMillis)
                .maxFramePayloadLength(MAX_FRAME)
                .withUTF8Validator(false) // the bench scans bytes; validating UTF-8 would only cost CPU
                .build();
        ChannelPipeline p = ch.pipeline();
        p.addLast("http", new HttpClientCodec());
        p.addLast("aggregator", new HttpObjectAggregator(8192));
        p.addLast("ws", new WebSocketClientProtocolHandler(config));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_FRAME));
        p.addLast("bench", new ClientHandler(client, listener, stats));
    }
}
