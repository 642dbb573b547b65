package chat.server.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one text frame's payload into a {@link ClientRequest} with Jackson's streaming parser
 * (no tree, no reflection), and validates it against the bounds of protocol v1.
 *
 * <p>Seed compatibility: a payload whose first non-blank character is not <code>{</code> is a chat
 * message to the default room. Thread-safe and stateless apart from its limits.
 */
public final class RequestDecoder {
    /** Longest accepted client {@code id}. */
    public static final int MAX_ID_LENGTH = 64;
    /** Largest accepted {@code history} page. */
    public static final int MAX_HISTORY_LIMIT = 200;

    private static final JsonFactory JSON = new JsonFactory();

    private final int maxTextLength;

    /** Creates a decoder that rejects message texts longer than {@code maxTextLength} chars with {@code too_large}. */
    public RequestDecoder(int maxTextLength) {
        if (maxTextLength < 1) {
            throw new IllegalArgumentException("maxTextLength: " + maxTextLength + " (expected: > 0)");
        }
        this.maxTextLength = maxTextLength;
    }

    /** Decodes {@code payload} without consuming it (the caller still owns and releases it). */
    public ClientRequest decode(ByteBuf payload) throws ProtocolException {
        int first = firstNonBlank(payload);
        if (first < 0) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "empty message", null);
        }
        if (payload.getByte(first) != '{') {
            ClientRequest plain = ClientRequest.plainText(payload.toString(StandardCharsets.UTF_8));
            checkText(plain.text(), null);
            return plain;
        }
        return validate(parseObject(payload));
    }

    private static int firstNonBlank(ByteBuf buf) {
        for (int i = buf.readerIndex(), end = buf.writerIndex(); i < end; i++) {
            byte b = buf.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return i;
            }
        }
        return -1;
    }

    private static ClientRequest parseObject(ByteBuf payload) throws ProtocolException {
        String type = null, id = null, text = null, room = null, to = null, name = null, token = null;
        Long since = null, before = null, limit = null;
        try (JsonParser p = JSON.createParser((InputStream) new ByteBufInputStream(payload.duplicate()))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad("expected a JSON object", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "type" -> type = string(p, field, id);
                    case "id" -> id = string(p, field, id);
                    case "text" -> text = string(p, field, id);
                    case "room" -> room = string(p, field, id);
                    case "to" -> to = string(p, field, id);
                    case "name" -> name = string(p, field, id);
                    case "token" -> token = string(p, field, id);
                    case "since" -> since = number(p, field, id);
                    case "before" -> before = number(p, field, id);
                    case "limit" -> limit = number(p, field, id);
                    default -> p.skipChildren(); // unknown fields are ignored, for forward compatibility
                }
            }
            if (p.nextToken() != null) {
                throw bad("unexpected data after the JSON object", id);
            }
        } catch (JsonProcessingException e) {
            throw bad("malformed JSON: " + e.getOriginalMessage(), id);
        } catch (IOException e) {
            throw bad("unreadable message: " + e.getMessage(), id);
        }
        if (id != null && id.length() > MAX_ID_LENGTH) {
            throw bad("id: longer than " + MAX_ID_LENGTH + " chars", null);
        }
        if (type == null) {
            throw bad("missing field: type", id);
        }
        RequestType requestType = RequestType.fromWire(type);
        if (requestType == null) {
            throw bad("unknown type: " + type, id);
        }
        return new ClientRequest(requestType, id, text, room, to, name, token, since, before,
                limit == null ? null : (int) Math.min(limit, Integer.MAX_VALUE));
    }

    private ClientRequest validate(ClientRequest r) throws ProtocolException {
        String id = r.id();
        switch (r.type()) {
            case MESSAGE -> {
                require(r.text(), "text", id);
                checkText(r.text(), id);
                if (r.room() != null) {
                    RoomNames.check(r.room(), id);
                }
            }
            case DIRECT -> {
                require(r.to(), "to", id);
                require(r.text(), "text", id);
                checkText(r.text(), id);
            }
            case JOIN, LEAVE -> {
                require(r.room(), "room", id);
                RoomNames.check(r.room(), id);
                if (r.since() != null && r.since() < 0) {
                    throw bad("since: " + r.since() + " (expected: >= 0)", id);
                }
            }
            case TYPING -> {
                if (r.room() != null) {
                    RoomNames.check(r.room(), id);
                }
            }
            case HISTORY -> {
                require(r.room(), "room", id);
                RoomNames.check(r.room(), id);
                if (r.limit() != null && (r.limit() < 1 || r.limit() > MAX_HISTORY_LIMIT)) {
                    throw bad("limit: " + r.limit() + " (expected: 1-" + MAX_HISTORY_LIMIT + ")", id);
                }
                if (r.before() != null && r.before() < 1) {
                    throw bad("before: " + r.before() + " (expected: >= 1)", id);
                }
            }
            case AUTH -> require(r.token(), "token", id);
            case INVITE -> {
                require(r.room(), "room", id);
                RoomNames.check(r.room(), id);
                require(r.name(), "name", id);
            }
            case ROOMS, PING -> { }
        }
        return r;
    }

    private void checkText(String text, String id) throws ProtocolException {
        if (text.isBlank()) {
            throw bad("text: empty", id);
        }
        if (text.indexOf('\u0000') >= 0) {
            throw bad("text: contains a NUL character", id); // no store can keep it faithfully (PostgreSQL refuses it)
        }
        if (text.length() > maxTextLength) {
            throw new ProtocolException(ErrorCode.TOO_LARGE,
                    "text: " + text.length() + " chars (expected: at most " + maxTextLength + ")", id);
        }
    }

    private static void require(String value, String field, String id) throws ProtocolException {
        if (value == null) {
            throw bad("missing field: " + field, id);
        }
    }

    private static String string(JsonParser p, String field, String id) throws IOException, ProtocolException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw bad(field + ": expected a string", id);
        }
        return p.getText();
    }

    private static Long number(JsonParser p, String field, String id) throws IOException, ProtocolException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw bad(field + ": expected an integer", id);
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw bad(field + ": out of range", id);
        }
        return p.getLongValue();
    }

    private static ProtocolException bad(String message, String id) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, message, id);
    }
}
