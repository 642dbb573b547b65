package chat.server.ws;

import chat.server.ServerConfig;
import chat.server.ServerStats;
import chat.server.auth.Authenticator;
import chat.server.history.HistoryService;
import chat.server.hub.Hub;
import chat.server.hub.HubSettings;
import chat.server.store.MemoryStore;
import chat.server.store.StoreException;
import chat.server.protocol.EventEncoder;
import chat.server.protocol.RequestDecoder;
import chat.server.protocol.WireFrames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat handler alone on an {@link EmbeddedChannel}: handshake, decode errors, rate limit, frame size, idle. */
class ChatSessionHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FRAME = 64;
    private EmbeddedChannel ch;

    private EmbeddedChannel open(ServerConfig config, String uri) {
        ch = new EmbeddedChannel();
        Hub hub = hub(ch);
        ch.pipeline().addLast(new WebSocketFrameAggregator(MAX_FRAME),
                new ChatSessionHandler(hub, config, new RequestDecoder(config.maxTextLength()),
                        new RequestRouter(hub, config.maxRoomsPerConnection()), Authenticator.none()));
        ch.pipeline().fireUserEventTriggered(new HandshakeComplete(uri, new DefaultHttpHeaders(), null));
        ch.runPendingTasks();
        return ch;
    }

    private static Hub hub(EmbeddedChannel ch) {
        try {
            HistoryService history = HistoryService.start(new MemoryStore(100), 10, 10, 0, (n, t) -> { });
            return new Hub(ch.eventLoop(), new EventEncoder(ByteBufAllocator.DEFAULT, "t"), new ServerStats(), history,
                    new HubSettings(10, 50, 100, 1 << 20, Duration.ZERO, 1 << 16, "private-"));
        } catch (StoreException e) {
            throw new AssertionError(e);
        }
    }

    private EmbeddedChannel open(ServerConfig config) throws Exception {
        open(config, "/ws?name=Al");
        assertEquals("welcome", next().get("type").asText());
        assertEquals("joined", next().get("type").asText());
        return ch;
    }

    private JsonNode next() throws Exception {
        ch.runPendingTasks();
        Object out = ch.readOutbound();
        assertInstanceOf(ByteBuf.class, out, "expected a pre-framed text frame, got " + out);
        ByteBuf frame = (ByteBuf) out;
        try {
            return JSON.readTree(WireFrames.payload(frame).toString(StandardCharsets.UTF_8));
        } finally {
            frame.release();
        }
    }

    private void send(String text) {
        ch.writeInbound(new TextWebSocketFrame(text));
    }

    @AfterEach
    void finish() {
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void handshakeSendsWelcomeThenJoinedForTheRoomAsked() throws Exception {
        open(ServerConfig.builder().build(), "/ws?name=Al&room=dev");
        JsonNode welcome = next();
        assertEquals("Al", welcome.get("name").asText());
        assertEquals("dev", welcome.get("room").asText());
        JsonNode joined = next();
        assertEquals("dev", joined.get("room").asText());
        assertEquals("[\"Al\"]", joined.get("members").toString());
    }

    @Test
    void invalidNameGetsErrorThenClose1008() throws Exception {
        open(ServerConfig.builder().build(), "/ws?name=%00bad");
        assertEquals("bad_request", next().get("code").asText());
        CloseWebSocketFrame close = ch.readOutbound();
        assertEquals(1008, close.statusCode());
        close.release();
    }

    @Test
    void decodeErrorsBecomeErrorFramesAndTheChannelStaysOpen() throws Exception {
        open(ServerConfig.builder().build());
        send("{\"type\":");
        assertEquals("bad_request", next().get("code").asText());
        send("{\"type\":\"nope\",\"id\":\"q\"}");
        JsonNode unknown = next();
        assertEquals("q", unknown.get("id").asText());
        ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[]{1})));
        assertEquals("bad_request", next().get("code").asText());
        send("{\"type\":\"message\",\"room\":\"elsewhere\",\"text\":\"hi\",\"id\":\"m\"}");
        JsonNode notMember = next();
        assertEquals("not_member", notMember.get("code").asText());
        assertEquals("m", notMember.get("id").asText());
        assertTrue(ch.isOpen());
    }

    @Test
    void messageIsAckedToTheSender() throws Exception {
        open(ServerConfig.builder().build());
        send("{\"type\":\"message\",\"text\":\"hi\",\"id\":\"a1\"}");
        JsonNode ack = next();
        assertEquals("ack", ack.get("type").asText());
        assertEquals(1, ack.get("seq").asLong());
        assertNull(ch.readOutbound(), "no echo to the sender");
    }

    @Test
    void requestsOverTheRateAreRejected() throws Exception {
        open(ServerConfig.builder().rate(0.001).rateBurst(2).rateAbuseLimit(2).build());
        for (int i = 0; i < 2; i++) {
            send("{\"type\":\"ping\"}");
            assertEquals("pong", next().get("type").asText());
        }
        send("{\"type\":\"ping\"}");
        assertEquals("rate_limited", next().get("code").asText());
        send("{\"type\":\"ping\"}");
        assertEquals("rate_limited", next().get("code").asText());
        send("{\"type\":\"ping\"}");
        CloseWebSocketFrame close = ch.readOutbound();
        assertEquals(1008, close.statusCode());
        close.release();
    }

    @Test
    void fragmentedMessageOverTheFrameLimitCloses1009() throws Exception {
        open(ServerConfig.builder().build());
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("x".repeat(40), StandardCharsets.UTF_8)));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer("x".repeat(40), StandardCharsets.UTF_8)));
        ch.runPendingTasks();
        CloseWebSocketFrame close = ch.readOutbound();
        assertEquals(1009, close.statusCode());
        close.release();
    }

    @Test
    void fragmentedMessageAtTheFrameLimitIsAccepted() throws Exception {
        open(ServerConfig.builder().build());
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("y".repeat(32), StandardCharsets.UTF_8)));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer("y".repeat(32), StandardCharsets.UTF_8)));
        assertEquals("ack", next().get("type").asText());
    }

    @Test
    void readerIdleSendsAPing() throws Exception {
        open(ServerConfig.builder().build());
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        Object ping = ch.readOutbound();
        assertInstanceOf(PingWebSocketFrame.class, ping);
        ReferenceCountUtil.release(ping);
        assertTrue(ch.isOpen());
    }

    @Test
    void readerIdleBeforeTheHandshakeCloses() {
        Hub hub = hub(new EmbeddedChannel());
        ch = new EmbeddedChannel(new ChatSessionHandler(hub, ServerConfig.builder().build(), new RequestDecoder(10),
                new RequestRouter(hub, 1), Authenticator.none()));
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertFalse(ch.isOpen());
    }
}
