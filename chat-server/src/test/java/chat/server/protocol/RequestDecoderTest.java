package chat.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestDecoderTest {
    private final RequestDecoder decoder = new RequestDecoder(10);

    private ClientRequest decode(String s) throws ProtocolException {
        ByteBuf buf = Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
        try {
            ClientRequest r = decoder.decode(buf);
            assertEquals(0, buf.readerIndex(), "the decoder must not consume the caller's buffer");
            return r;
        } finally {
            buf.release();
        }
    }

    private ProtocolException reject(String s) {
        return assertThrows(ProtocolException.class, () -> decode(s));
    }

    @Test
    void decodesAMessageWithAllFields() throws Exception {
        ClientRequest r = decode("{\"type\":\"message\",\"text\":\"hi\",\"room\":\"dev\",\"id\":\"c1\",\"extra\":{\"x\":[1]}}");
        assertEquals(RequestType.MESSAGE, r.type());
        assertEquals("hi", r.text());
        assertEquals("dev", r.room());
        assertEquals("c1", r.id());
    }

    @Test
    void plainTextIsAMessageToTheDefaultRoom() throws Exception {
        ClientRequest r = decode("hello {x}");
        assertEquals(RequestType.MESSAGE, r.type());
        assertEquals("hello {x}", r.text());
        assertNull(r.room());
    }

    @Test
    void leadingWhitespaceBeforeJsonStillParsesAsJson() throws Exception {
        assertEquals(RequestType.PING, decode("  \n{\"type\":\"ping\"}").type());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"type\":\"ping\"", "{\"type\":\"ping\"} trailing", "{\"type\":", "{]"})
    void malformedInputIsABadRequest(String input) {
        assertEquals(ErrorCode.BAD_REQUEST, reject(input).code());
    }

    @Test
    void unknownTypeIsABadRequestThatKeepsTheId() {
        ProtocolException e = reject("{\"type\":\"teleport\",\"id\":\"t1\"}");
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("t1", e.requestId());
        assertTrue(e.getMessage().contains("teleport"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"text\":\"x\"}|type",
            "{\"type\":\"message\"}|text",
            "{\"type\":\"direct\",\"text\":\"x\"}|to",
            "{\"type\":\"join\"}|room",
            "{\"type\":\"auth\"}|token",
            "{\"type\":\"message\",\"text\":7}|text",
            "{\"type\":\"join\",\"room\":\"a\",\"since\":\"7\"}|since",
            "{\"type\":\"join\",\"room\":\"a\",\"since\":-1}|since",
            "{\"type\":\"history\",\"room\":\"a\",\"limit\":0}|limit",
            "{\"type\":\"history\",\"room\":\"a\",\"limit\":201}|limit",
            "{\"type\":\"join\",\"room\":\"bad room\"}|room",
            "{\"type\":\"message\",\"text\":\"   \"}|text",
            "{\"type\":\"message\",\"text\":\"a\\u0000b\"}|NUL"})
    void missingOrWrongFieldsNameTheField(String input, String field) {
        ProtocolException e = reject(input);
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void historyLimitBoundsAcceptTheEnds() throws Exception {
        assertEquals(1, decode("{\"type\":\"history\",\"room\":\"a\",\"limit\":1}").limit());
        assertEquals(200, decode("{\"type\":\"history\",\"room\":\"a\",\"limit\":200}").limit());
    }

    @Test
    void textLengthIsBoundedFromBothSides() throws Exception {
        assertEquals("x".repeat(10), decode("{\"type\":\"message\",\"text\":\"" + "x".repeat(10) + "\"}").text());
        ProtocolException e = reject("{\"type\":\"message\",\"text\":\"" + "x".repeat(11) + "\",\"id\":\"a\"}");
        assertEquals(ErrorCode.TOO_LARGE, e.code());
        assertEquals("a", e.requestId());
        assertEquals(ErrorCode.TOO_LARGE, reject("y".repeat(11)).code());
    }

    @Test
    void idLengthIsBoundedFromBothSides() throws Exception {
        String max = "i".repeat(RequestDecoder.MAX_ID_LENGTH);
        assertEquals(max, decode("{\"type\":\"ping\",\"id\":\"" + max + "\"}").id());
        ProtocolException e = reject("{\"type\":\"ping\",\"id\":\"" + max + "i\"}");
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertNull(e.requestId(), "an over-long id is not echoed back");
    }

    @Test
    void roomNameBounds() {
        assertTrue(RoomNames.isValid("a"));
        assertTrue(RoomNames.isValid("r".repeat(64)));
        assertTrue(RoomNames.isValid("dev_team-1.x"));
        assertEquals(false, RoomNames.isValid(""));
        assertEquals(false, RoomNames.isValid("r".repeat(65)));
        assertEquals(false, RoomNames.isValid("a/b"));
    }

    @Test
    void userNameBounds() {
        assertEquals("Alice", UserNames.normalize("  Alice "));
        assertEquals("José Ñ_1-2.3", UserNames.normalize("José Ñ_1-2.3"));
        assertEquals("n".repeat(32), UserNames.normalize("n".repeat(32)));
        assertNull(UserNames.normalize("n".repeat(33)));
        assertNull(UserNames.normalize("   "));
        assertNull(UserNames.normalize("a<b"));
        assertNull(UserNames.normalize("tab\there"));
    }
}
