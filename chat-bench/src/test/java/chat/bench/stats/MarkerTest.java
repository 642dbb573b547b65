package chat.bench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MarkerTest {
    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static MarkerHit scan(String s) {
        ByteBuf buf = ascii(s);
        try {
            MarkerHit hit = new MarkerHit();
            return Marker.scan(buf, hit) ? hit : null;
        } finally {
            buf.release();
        }
    }

    @Test
    void writesTheDocumentedFormat() {
        ByteBuf buf = Unpooled.buffer();
        Marker.write(buf, 42, 3, 17, 123456);
        assertEquals("~b:42:3:17:123456~", buf.toString(StandardCharsets.US_ASCII));
        assertEquals(buf.readableBytes(), Marker.length(42, 3, 17, 123456));
        buf.release();
    }

    @Test
    void roundTripsLargeValues() {
        ByteBuf buf = Unpooled.buffer();
        Marker.write(buf, 999_999, 65_535, Long.MAX_VALUE / 10, 987_654_321_012_345L);
        MarkerHit hit = new MarkerHit();
        assertTrue(Marker.scan(buf, hit));
        assertEquals(999_999, hit.run());
        assertEquals(65_535, hit.sender());
        assertEquals(Long.MAX_VALUE / 10, hit.seq());
        assertEquals(987_654_321_012_345L, hit.sentNanos());
        assertEquals(0, buf.readerIndex(), "scan must not consume the buffer");
        buf.release();
    }

    @Test
    void findsMarkerInPlainTextWithFiller() {
        MarkerHit hit = scan("~b:1:0:0:5~xxxxxxxxxxxxxxxx");
        assertEquals(0, hit.sender());
        assertEquals(0, hit.seq());
        assertEquals(5, hit.sentNanos());
    }

    @Test
    void findsMarkerInsideChatServerJsonEnvelope() {
        MarkerHit hit = scan("{\"type\":\"message\",\"room\":\"lobby\",\"seq\":5,\"ts\":1700000000000,\"from\":\"b3\","
                + "\"text\":\"~b:7:3:17:123456~xxxx\"}");
        assertEquals(3, hit.sender());
        assertEquals(17, hit.seq());
        assertEquals(123456, hit.sentNanos());
    }

    @Test
    void findsMarkerInsidePeerJsonEnvelope() {
        MarkerHit hit = scan("{\"name\":\"b3\",\"message\":\"~b:7:3:17:123456~xxxx\"}");
        assertEquals(17, hit.seq());
    }

    @Test
    void skipsStrayTildesBeforeTheMarker() {
        MarkerHit hit = scan("~~b~b:~b:x:1:2:3~ ~b:1:2:3~ ~b:9:4:5:6~");
        assertEquals(4, hit.sender());
        assertEquals(5, hit.seq());
        assertEquals(6, hit.sentNanos());
    }

    @Test
    void ignoresFramesWithoutMarker() {
        MarkerHit hit = new MarkerHit();
        for (String s : new String[] {"", "{\"type\":\"welcome\"}", "~", "~b:", "~b:1:2:3:4", "~b:1:2::3~", "~b:1:2:3:4x~", "~b:1:2:3~"}) {
            ByteBuf buf = ascii(s);
            assertFalse(Marker.scan(buf, hit), s);
            buf.release();
        }
    }

    @Test
    void respectsReaderIndex() {
        ByteBuf buf = ascii("~b:1:1:1:1~ ~b:1:2:2:2~");
        buf.readerIndex(1);
        MarkerHit hit = new MarkerHit();
        assertTrue(Marker.scan(buf, hit));
        assertEquals(2, hit.sender());
        buf.release();
    }
}
