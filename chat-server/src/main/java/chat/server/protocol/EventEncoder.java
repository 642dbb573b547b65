package chat.server.protocol;

import chat.server.KeyedCounters;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;

/**
 * Encodes server-to-client events of protocol v1 straight into pooled buffers holding complete
 * WebSocket frames ({@link WireFrames}). Each method returns a buffer the caller owns and must write
 * or release. Thread-safe.
 */
public final class EventEncoder {
    private static final JsonFactory JSON = new JsonFactory();

    private final ByteBufAllocator alloc;
    private final String serverVersion;
    private final KeyedCounters counts;

    public EventEncoder(ByteBufAllocator alloc, String serverVersion) {
        this(alloc, serverVersion, new KeyedCounters(List.of()));
    }

    /** @param counts where each encoded event is counted by type (once per event, not per recipient) */
    public EventEncoder(ByteBufAllocator alloc, String serverVersion, KeyedCounters counts) {
        this.alloc = alloc;
        this.serverVersion = serverVersion;
        this.counts = counts;
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private ByteBuf encode(String type, int payloadHint, Body body) {
        counts.increment(type);
        ByteBuf buf = WireFrames.start(alloc, payloadHint);
        try (JsonGenerator g = JSON.createGenerator((OutputStream) new ByteBufOutputStream(buf), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("type", type);
            body.write(g);
            g.writeEndObject();
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw new IllegalStateException("cannot encode " + type, e);
        }
        return WireFrames.finish(buf);
    }

    public ByteBuf welcome(String name, String room, Collection<String> rooms) {
        return encode("welcome", 128, g -> {
            g.writeStringField("name", name);
            g.writeStringField("room", room);
            writeStrings(g, "rooms", rooms);
            g.writeObjectFieldStart("server");
            g.writeStringField("name", "chat-server");
            g.writeStringField("version", serverVersion);
            g.writeEndObject();
        });
    }

    public ByteBuf message(ChatMessage m) {
        return encode("message", 64 + m.text().length() + m.from().length(), g -> writeMessageFields(g, m));
    }

    public ByteBuf ack(String id, String room, long seq, long ts) {
        return encode("ack", 64, g -> {
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeStringField("room", room);
            g.writeNumberField("seq", seq);
            g.writeNumberField("ts", ts);
        });
    }

    /**
     * Returns a {@code joined} reply.
     *
     * @param members     the listed member names (possibly only part of a huge room)
     * @param memberCount how many names the room has in all
     * @param recovered   {@code null} when the client gave no {@code since}
     */
    public ByteBuf joined(String room, Collection<String> members, int memberCount, List<ChatMessage> messages,
                          long seq, Boolean recovered) {
        return encode("joined", 64 + members.size() * 16 + messages.size() * 96, g -> {
            g.writeStringField("room", room);
            writeStrings(g, "members", members);
            g.writeNumberField("memberCount", memberCount);
            writeMessages(g, messages);
            g.writeNumberField("seq", seq);
            if (recovered != null) {
                g.writeBooleanField("recovered", recovered);
            }
        });
    }

    /** Returns a {@code presence} diff: names that came into and went out of {@code room} since the last one. */
    public ByteBuf presence(String room, Collection<String> joined, Collection<String> left) {
        return encode("presence", 48 + (joined.size() + left.size()) * 16, g -> {
            g.writeStringField("room", room);
            writeStrings(g, "joined", joined);
            writeStrings(g, "left", left);
        });
    }

    public ByteBuf typing(String room, String from) {
        return encode("typing", 48, g -> {
            g.writeStringField("room", room);
            g.writeStringField("from", from);
        });
    }

    public ByteBuf direct(String from, String to, String text, long ts) {
        return encode("direct", 64 + text.length(), g -> {
            g.writeStringField("from", from);
            g.writeStringField("to", to);
            g.writeStringField("text", text);
            g.writeNumberField("ts", ts);
        });
    }

    /** Returns the sender's {@code ack} of a direct message: {@code to} instead of {@code room}, no {@code seq}. */
    public ByteBuf directAck(String id, String to, long ts) {
        return encode("ack", 64, g -> {
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeStringField("to", to);
            g.writeNumberField("ts", ts);
        });
    }

    /** Returns a {@code history} page (ascending seq) and whether older messages exist. */
    public ByteBuf history(String room, List<ChatMessage> messages, boolean more, String id) {
        return encode("history", 64 + messages.size() * 96, g -> {
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeStringField("room", room);
            writeMessages(g, messages);
            g.writeBooleanField("more", more);
        });
    }

    public ByteBuf rooms(List<RoomInfo> rooms) {
        return encode("rooms", 32 + rooms.size() * 32, g -> {
            g.writeArrayFieldStart("rooms");
            for (RoomInfo r : rooms) {
                g.writeStartObject();
                g.writeStringField("name", r.name());
                g.writeNumberField("members", r.members());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** Returns the reply to an in-band credential refresh: the connection now lives until {@code expires} (epoch ms). */
    public ByteBuf authed(String id, long expires) {
        return encode("authed", 48, g -> {
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeNumberField("expires", expires);
        });
    }

    /** Returns the news that {@code name} was invited to private {@code room} by {@code from} (to both of them). */
    public ByteBuf invited(String room, String name, String from, String id) {
        return encode("invited", 64, g -> {
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeStringField("room", room);
            g.writeStringField("name", name);
            g.writeStringField("from", from);
        });
    }

    public ByteBuf pong(String id) {
        return encode("pong", 32, g -> {
            if (id != null) {
                g.writeStringField("id", id);
            }
        });
    }

    public ByteBuf error(ErrorCode code, String message, String id) {
        return encode("error", 64 + message.length(), g -> {
            g.writeStringField("code", code.wire());
            g.writeStringField("message", message);
            if (id != null) {
                g.writeStringField("id", id);
            }
        });
    }

    private static void writeMessages(JsonGenerator g, List<ChatMessage> messages) throws IOException {
        g.writeArrayFieldStart("messages");
        for (ChatMessage m : messages) {
            g.writeStartObject();
            g.writeStringField("type", "message");
            writeMessageFields(g, m);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeMessageFields(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStringField("room", m.room());
        g.writeNumberField("seq", m.seq());
        g.writeNumberField("ts", m.ts());
        g.writeStringField("from", m.from());
        g.writeStringField("text", m.text());
    }

    private static void writeStrings(JsonGenerator g, String field, Collection<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
