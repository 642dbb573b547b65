package chat.server.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class EventEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventEncoder encoder = new EventEncoder(ByteBufAllocator.DEFAULT, "1.2.3");

    /** Decodes a pre-built frame with Netty's own client-side frame decoder: the bytes must be valid RFC 6455. */
    private static String decodeWithNetty(ByteBuf frame) {
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
        ch.writeInbound(frame);
        TextWebSocketFrame text = ch.readInbound();
        try {
            return text.text();
        } finally {
            text.release();
            assertFalse(ch.finish());
        }
    }

    private static JsonNode json(ByteBuf frame) throws Exception {
        return JSON.readTree(decodeWithNetty(frame));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 40, 125 - 70, 126, 200, 65535 - 70, 65536, 70000})
    void framesOfEveryHeaderSizeDecode(int textLength) throws Exception {
        String text = "é".repeat(textLength / 2) + "x".repeat(textLength % 2);
        JsonNode m = json(encoder.message(new ChatMessage("lobby", 7, 1000, "Al", text)));
        assertEquals(text, m.get("text").asText());
        assertEquals(7, m.get("seq").asLong());
    }

    @Test
    void messageEscapesUserText() throws Exception {
        String nasty = "\"quote\" \\ back\nline </script> \u0001 😀";
        JsonNode m = json(encoder.message(new ChatMessage("r", 1, 2, "n\"ame", nasty)));
        assertEquals("message", m.get("type").asText());
        assertEquals(nasty, m.get("text").asText());
        assertEquals("n\"ame", m.get("from").asText());
    }

    @Test
    void welcomeNamesServerAndVersion() throws Exception {
        JsonNode w = json(encoder.welcome("Al", "lobby", List.of("lobby")));
        assertEquals("welcome", w.get("type").asText());
        assertEquals("1.2.3", w.at("/server/version").asText());
        assertEquals("[\"lobby\"]", w.get("rooms").toString());
    }

    @Test
    void ackAndErrorOmitAbsentIds() throws Exception {
        assertFalse(json(encoder.ack(null, "r", 1, 2)).has("id"));
        assertEquals("x", json(encoder.ack("x", "r", 1, 2)).get("id").asText());
        JsonNode e = json(encoder.error(ErrorCode.NOT_MEMBER, "nope", null));
        assertEquals("not_member", e.get("code").asText());
        assertFalse(e.has("id"));
    }

    @Test
    void joinedCarriesRecoveredOnlyWhenResuming() throws Exception {
        JsonNode fresh = json(encoder.joined("r", List.of("a"), 1, List.of(), 3, null));
        assertFalse(fresh.has("recovered"));
        assertEquals(1, fresh.get("memberCount").asInt());
        JsonNode resumed = json(encoder.joined("r", List.of("a"), 1,
                List.of(new ChatMessage("r", 3, 9, "a", "t")), 3, true));
        assertEquals(true, resumed.get("recovered").asBoolean());
        assertEquals("t", resumed.at("/messages/0/text").asText());
        assertEquals("message", resumed.at("/messages/0/type").asText());
    }

    @Test
    void payloadSliceSkipsTheHeader() {
        ByteBuf frame = encoder.pong("p");
        try {
            assertEquals("{\"type\":\"pong\",\"id\":\"p\"}", WireFrames.payload(frame).toString(StandardCharsets.UTF_8));
        } finally {
            frame.release();
        }
    }
}
