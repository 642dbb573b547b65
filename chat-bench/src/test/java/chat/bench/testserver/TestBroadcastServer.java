package chat.bench.testserver;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatchers;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A tiny WebSocket broadcast server for the bench's end-to-end tests (seed behaviour): every text frame
 * goes to every other client (of the same {@code ?room=} when room-aware), optionally wrapped as
 * {@code {"name":N,"message":text}} like the reference peers, after an optional welcome frame.
 */
public final class TestBroadcastServer implements AutoCloseable {
    private static final AttributeKey<String> NAME = AttributeKey.valueOf("name");
    private static final AttributeKey<String> ROOM = AttributeKey.valueOf("room");

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<String, ChannelGroup> rooms = new ConcurrentHashMap<>();
    private final boolean roomAware;
    private final boolean wrapJson;
    private final Channel server;

    private TestBroadcastServer(boolean roomAware, boolean wrapJson) throws InterruptedException {
        this.roomAware = roomAware;
        this.wrapJson = wrapJson;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/ws").checkStartsWith(true).build()),
                                new Handler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** Starts a server on an ephemeral loopback port. */
    public static TestBroadcastServer start(boolean roomAware, boolean wrapJson) throws InterruptedException {
        return new TestBroadcastServer(roomAware, wrapJson);
    }

    /** Returns the bound port. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Returns the URL clients connect to. */
    public String url() {
        return "ws://127.0.0.1:" + port() + "/ws";
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        rooms.values().forEach(g -> g.close().awaitUninterruptibly(2, TimeUnit.SECONDS));
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private ChannelGroup room(String name) {
        return rooms.computeIfAbsent(roomAware ? name : "all", k -> new DefaultChannelGroup(GlobalEventExecutor.INSTANCE));
    }

    private final class Handler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
                Map<String, List<String>> q = new QueryStringDecoder(hc.requestUri()).parameters();
                ctx.channel().attr(NAME).set(q.getOrDefault("name", List.of("Anonymous")).get(0));
                ctx.channel().attr(ROOM).set(q.getOrDefault("room", List.of("lobby")).get(0));
                ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"welcome\"}"));
                room(ctx.channel().attr(ROOM).get()).add(ctx.channel());
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ByteBuf out;
            if (wrapJson) {
                String text = frame.text().replace("\\", "\\\\").replace("\"", "\\\"");
                out = Unpooled.copiedBuffer("{\"name\":\"" + ctx.channel().attr(NAME).get() + "\",\"message\":\""
                        + text + "\"}", StandardCharsets.UTF_8);
            } else {
                out = frame.content().retainedDuplicate();
            }
            room(ctx.channel().attr(ROOM).get()).writeAndFlush(new TextWebSocketFrame(out),
                    ChannelMatchers.isNot(ctx.channel()), true);
        }
    }
}
