package chat.server.cluster;

import chat.server.protocol.ChatMessage;
import chat.server.store.DirectMessage;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of events between nodes: one flat object per event, {@code k} its kind, {@code n} the sending node.
 * Small field names: every message crosses Redis once per subscribed node. Stateless; any thread.
 */
final class ClusterCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private ClusterCodec() {
    }

    static String message(String node, ChatMessage m) {
        return write(g -> {
            g.writeStringField("k", "m");
            g.writeStringField("n", node);
            g.writeStringField("r", m.room());
            g.writeNumberField("s", m.seq());
            g.writeNumberField("ts", m.ts());
            g.writeStringField("f", m.from());
            g.writeStringField("x", m.text());
        });
    }

    static String member(String node, String name, boolean joined) {
        return write(g -> {
            g.writeStringField("k", joined ? "j" : "l");
            g.writeStringField("n", node);
            g.writeStringField("u", name);
        });
    }

    static String members(String node, List<String> names) {
        return write(g -> {
            g.writeStringField("k", "s");
            g.writeStringField("n", node);
            g.writeArrayFieldStart("us");
            for (String name : names) {
                g.writeString(name);
            }
            g.writeEndArray();
        });
    }

    static String typing(String node, String name) {
        return write(g -> {
            g.writeStringField("k", "t");
            g.writeStringField("n", node);
            g.writeStringField("u", name);
        });
    }

    static String direct(String node, DirectMessage d) {
        return write(g -> {
            g.writeStringField("k", "d");
            g.writeStringField("n", node);
            g.writeNumberField("ts", d.ts());
            g.writeStringField("f", d.from());
            g.writeStringField("to", d.to());
            g.writeStringField("x", d.text());
        });
    }

    /**
     * Whether {@code json} was written by {@code node}: every event starts {@code {"k":"X","n":"NODE"}, so this
     * needs no parse (each node receives its own room announcements back from Redis).
     */
    static boolean isFrom(String json, String node) {
        String tail = "\",\"n\":\"" + node + '"';
        return json.length() > 7 + tail.length() && json.startsWith("{\"k\":\"") && json.startsWith(tail, 7);
    }

    /** Parses an event; {@code room} is the channel's room (ignored for direct messages). */
    static RemoteEvent parse(String json, String room) {
        String k = null, node = null, from = null, to = null, text = null, name = null;
        long seq = 0, ts = 0;
        List<String> names = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "k" -> k = p.getText();
                    case "n" -> node = p.getText();
                    case "s" -> seq = p.getLongValue();
                    case "ts" -> ts = p.getLongValue();
                    case "f" -> from = p.getText();
                    case "to" -> to = p.getText();
                    case "x" -> text = p.getText();
                    case "u" -> name = p.getText();
                    case "us" -> {
                        names = new ArrayList<>();
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            names.add(p.getText());
                        }
                    }
                    default -> {
                        if (t.isStructStart()) {
                            p.skipChildren();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("bad cluster event: " + e.getMessage(), e);
        }
        if (k == null || node == null) {
            throw new IllegalArgumentException("bad cluster event: no kind or node");
        }
        return switch (k) {
            case "m" -> new RemoteEvent.Message(node, new ChatMessage(room, seq, ts, from, text));
            case "j" -> new RemoteEvent.Member(node, name, true);
            case "l" -> new RemoteEvent.Member(node, name, false);
            case "s" -> new RemoteEvent.Members(node, names == null ? List.of() : names);
            case "t" -> new RemoteEvent.Typing(node, name);
            case "d" -> new RemoteEvent.Direct(node, new DirectMessage(0, ts, from, to, text));
            default -> throw new IllegalArgumentException("bad cluster event kind: " + k);
        };
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
