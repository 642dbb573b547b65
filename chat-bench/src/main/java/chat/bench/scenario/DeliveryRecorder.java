package chat.bench.scenario;

import chat.bench.client.BenchClient;
import chat.bench.client.CauseCounter;
import chat.bench.client.FrameListener;
import chat.bench.stats.Delivery;
import chat.bench.stats.LoopRecorder;
import chat.bench.stats.Marker;
import chat.bench.stats.MarkerHit;
import chat.bench.stats.Measurement;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The receive path of every connection: finds the marker in each text frame, classifies the delivery
 * (wrong room, echo, duplicate, out of order) against the receiver's per-sender stream, and records it into
 * the live progress recorder and, when the message is counted, the current {@link Measurement}.
 * Frames without a marker are counted by their JSON {@code type}. Runs on the receiver's event loop.
 */
final class DeliveryRecorder implements FrameListener {
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([A-Za-z_]{1,24})\"");

    private final int run;
    private final Topology topology;
    private final boolean echo;
    private final LoopRecorder live;
    private final LongAdder liveDelivered = new LongAdder();
    private final LongAdder untrackedMarkers = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final CauseCounter otherFrames = new CauseCounter();
    private volatile Measurement current;

    DeliveryRecorder(int run, Topology topology, boolean echo, int loops) {
        this.run = run;
        this.topology = topology;
        this.echo = echo;
        this.live = new LoopRecorder(loops);
    }

    /** Sets the window that counted deliveries go to (null: none). */
    void measure(Measurement m) {
        current = m;
    }

    LoopRecorder live() {
        return live;
    }

    long liveDelivered() {
        return liveDelivered.sum();
    }

    long untrackedMarkers() {
        return untrackedMarkers.sum();
    }

    long malformed() {
        return malformed.sum();
    }

    /** Returns markers of other bench runs (e.g. replayed history), which are ignored. */
    long foreign() {
        return foreign.sum();
    }

    CauseCounter otherFrames() {
        return otherFrames;
    }

    @Override
    public void onText(BenchClient client, ByteBuf content, long nowNanos) {
        MarkerHit hit = client.hit();
        if (!Marker.scan(content, hit)) {
            otherFrames.add(typeOf(content));
            return;
        }
        if (hit.run() != run) {
            foreign.increment();
            return;
        }
        client.countMarker();
        if (!client.tracked()) {
            untrackedMarkers.increment();
            return;
        }
        int sender = hit.sender();
        if (sender >= topology.senders()) {
            malformed.increment();
            return;
        }
        Measurement m = current;
        boolean counted = m != null && m.counts(hit.sentNanos());
        if (topology.senderRoom(sender) != client.room()) {
            if (counted) {
                m.onWrongRoom(client.room());
            }
            return;
        }
        if (!echo && topology.senderClient(sender) == client.index()) {
            if (counted) {
                m.onEcho();
            }
            return;
        }
        Delivery kind = client.stream(topology.senderLocal(sender)).accept(hit.seq());
        if (kind == null) {
            malformed.increment();
            return;
        }
        if (kind == Delivery.DUPLICATE) {
            if (counted) {
                m.onDuplicate(client.room());
            }
            return;
        }
        long latency = nowNanos - hit.sentNanos();
        live.record(client.loop(), latency);
        liveDelivered.increment();
        if (counted) {
            m.onDelivered(client.loop(), client.room(), sender, hit.seq(), latency, kind);
        }
    }

    static String typeOf(ByteBuf content) {
        int n = Math.min(content.readableBytes(), 512);
        String head = content.toString(content.readerIndex(), n, StandardCharsets.UTF_8);
        if (!head.stripLeading().startsWith("{")) {
            return "text";
        }
        Matcher t = TYPE.matcher(head);
        return t.find() ? t.group(1) : "json (no type)";
    }
}
