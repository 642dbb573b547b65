package chat.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client over loopback for end-to-end tests: connects, records every text frame
 * (parsed as JSON) and the close frame the server sent. All waits are bounded.
 */
public final class TestClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    /** What the server's close frame said; code -1 when the connection ended without one. */
    public record Close(int code, String reason) {
    }

    private volatile Channel channel;
    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private volatile CloseWebSocketFrame closeFrame;

    private TestClient() {
    }

    /** Connects to {@code ws://127.0.0.1:port/ws?query} and waits for the handshake. */
    public static TestClient connect(int port, String query) throws Exception {
        return connect(URI.create("ws://127.0.0.1:" + port + "/ws" + (query.isEmpty() ? "" : "?" + query)), 1 << 20);
    }

    public static TestClient connect(URI uri, int maxFramePayload) throws Exception {
        CompletableFuture<Void> handshake = new CompletableFuture<>();
        TestClient[] holder = {new TestClient()}; // exists before any frame can arrive
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).customHeaders(new DefaultHttpHeaders())
                .maxFramePayloadLength(maxFramePayload).handleCloseFrames(false).dropPongFrames(true)
                .handshakeTimeoutMillis(TIMEOUT.toMillis()).build();
        Bootstrap b = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) throws Exception {
                        if ("wss".equals(uri.getScheme())) { // tests only: trust the server's self-signed certificate
                            ch.pipeline().addLast(SslContextBuilder.forClient()
                                    .trustManager(InsecureTrustManagerFactory.INSTANCE).build()
                                    .newHandler(ch.alloc(), uri.getHost(), uri.getPort()));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                new WebSocketClientProtocolHandler(config),
                                new SimpleChannelInboundHandler<WebSocketFrame>() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                            handshake.complete(null);
                                        }
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame f) throws Exception {
                                        if (f instanceof TextWebSocketFrame t) {
                                            holder[0].frames.add(JSON.readTree(t.text()));
                                        } else if (f instanceof CloseWebSocketFrame c) {
                                            holder[0].closeFrame = c.retain();
                                        }
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        CloseWebSocketFrame c = holder[0].closeFrame;
                                        holder[0].closed.complete(c == null ? new Close(-1, "")
                                                : new Close(c.statusCode(), c.reasonText()));
                                        if (c != null) {
                                            c.release();
                                        }
                                        handshake.completeExceptionally(new IllegalStateException("closed before handshake"));
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        handshake.completeExceptionally(cause);
                                        ctx.close();
                                    }
                                });
                    }
                });
        holder[0].channel = b.connect(uri.getHost(), uri.getPort()).sync().channel();
        handshake.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return holder[0];
    }

    public Channel channel() {
        return channel;
    }

    public void sendText(String text) {
        channel.writeAndFlush(new TextWebSocketFrame(text)).syncUninterruptibly();
    }

    /** Sends a JSON object given as alternating field names and values. */
    public void send(Object... fieldsAndValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            node.putPOJO((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        sendText(node.toString());
    }

    public void sendBinary(byte[] bytes) {
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))).syncUninterruptibly();
    }

    /** Sends {@code text} as a first frame plus continuation frames of {@code chunk} bytes each. */
    public void sendFragmented(String text, int chunk) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int off = 0; off < bytes.length; off += chunk) {
            int len = Math.min(chunk, bytes.length - off);
            boolean last = off + len >= bytes.length;
            var payload = Unpooled.wrappedBuffer(bytes, off, len);
            channel.write(off == 0 ? new TextWebSocketFrame(last, 0, payload) : new ContinuationWebSocketFrame(last, 0, payload));
        }
        channel.flush();
    }

    /** Stops reading from the socket (the server's writes back up), or resumes. */
    public void setReading(boolean reading) {
        channel.config().setAutoRead(reading);
        if (reading) {
            channel.read();
        }
    }

    /** Returns the next frame of {@code type}, skipping others; fails after the timeout. */
    public JsonNode next(String type) throws InterruptedException {
        return next(f -> type.equals(f.path("type").asText()), type);
    }

    public JsonNode next(Predicate<JsonNode> match, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode f = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
            if (f == null) {
                throw new AssertionError("no " + what + " frame within " + TIMEOUT + "; still queued: " + frames);
            }
            if (match.test(f)) {
                return f;
            }
        }
    }

    /** Returns the next frame of any type. */
    public JsonNode nextAny() throws InterruptedException {
        return next(f -> true, "any");
    }

    /** Returns every frame received within {@code wait}, in order. */
    public List<JsonNode> drain(Duration wait) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        JsonNode f;
        while ((f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
            out.add(f);
        }
        return out;
    }

    /** Waits for the connection to end and returns the server's close frame. */
    public Close awaitClose() throws Exception {
        return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(TIMEOUT.toMillis());
    }
}
