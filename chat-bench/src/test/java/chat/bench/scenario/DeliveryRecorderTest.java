package chat.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chat.bench.client.BenchClient;
import chat.bench.stats.Measurement;
import chat.bench.stats.PhaseResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryRecorderTest {
    private static final long SEC = 1_000_000_000L;
    private static final int RUN = 77;
    private final Topology topology = Topology.rooms(2, 3, 1, "r"); // clients 0-2 in r0 (sender 0), 3-5 in r1
    private final DeliveryRecorder recorder = new DeliveryRecorder(RUN, topology, false, 1);
    private final Measurement m = new Measurement(0, 10 * SEC, 1, 2, 2, 100);

    private BenchClient client(int i) {
        return new BenchClient(i, URI.create("ws://x/ws"), topology.roomOf(i), 0, topology.senderIdOf(i), 1, true);
    }

    private void receive(BenchClient c, String text) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        recorder.onText(c, buf, 2 * SEC);
        buf.release();
    }

    @Test
    void classifiesDeliveriesAgainstRoomsSendersAndStreams() {
        recorder.measure(m);
        BenchClient sender0 = client(0);
        BenchClient r0 = client(1);
        BenchClient r1 = client(4);
        m.onSent(0, 0, 0, 0, 2, 0);
        m.onSent(0, 0, 0, 1, 2, 0);
        receive(r0, "{\"name\":\"b0\",\"message\":\"~b:77:0:0:" + SEC + "~xx\"}");
        receive(r0, "~b:77:0:0:" + SEC + "~xx"); // duplicate
        receive(r0, "~b:77:0:1:" + SEC + "~xx");
        receive(client(2), "~b:77:0:1:" + SEC + "~xx");
        receive(sender0, "~b:77:0:1:" + SEC + "~xx"); // echo, not expected
        receive(r1, "~b:77:0:1:" + SEC + "~xx"); // room r1 got r0's message
        receive(r1, "~b:77:0:1:" + 20 * SEC + "~xx"); // outside the window: ignored by the measurement
        receive(r0, "{\"type\":\"welcome\"}");
        receive(r0, "hello");
        receive(r0, "~b:77:9:1:1~"); // no such sender
        receive(r0, "{\"type\":\"joined\",\"messages\":[{\"text\":\"~b:5:0:900:1~\"}]}"); // earlier run
        m.close();
        PhaseResult p = PhaseResult.from(m, "t", 1, new int[] {2, 2}, new String[] {"r0", "r1"}, null, 0);
        assertEquals(4, p.expected());
        assertEquals(3, p.delivered());
        assertEquals(1, p.lost());
        assertEquals(1, p.duplicates());
        assertEquals(1, p.echoes());
        assertEquals(1, p.wrongRoom());
        assertEquals(1, p.broadcastsComplete());
        assertEquals(1000.0, p.latency().p50(), 1.0);
        assertEquals(Map.of("welcome", 1L, "text", 1L), recorder.otherFrames().snapshot());
        assertEquals(1, recorder.malformed());
        assertEquals(1, recorder.foreign());
        assertEquals(3, recorder.liveDelivered());
    }

    @Test
    void doesNotCheckUntrackedClients() {
        recorder.measure(m);
        BenchClient slow = new BenchClient(6, URI.create("ws://x/ws"), 0, 0, -1, 1, false);
        receive(slow, "~b:77:0:0:1~");
        assertEquals(1, recorder.untrackedMarkers());
        assertEquals(0, recorder.liveDelivered());
    }
}
