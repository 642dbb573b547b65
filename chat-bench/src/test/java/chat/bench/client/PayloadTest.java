package chat.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.bench.stats.Marker;
import chat.bench.stats.MarkerHit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadTest {
    @Test
    void padsPlainTextToTheRequestedSize() {
        ByteBuf buf = new Payload(5, 100, false).encode(ByteBufAllocator.DEFAULT, 2, 9, 1234);
        try {
            String s = buf.toString(StandardCharsets.US_ASCII);
            assertEquals(100, s.length());
            assertTrue(s.startsWith("~b:5:2:9:1234~xxx"));
        } finally {
            buf.release();
        }
    }

    @Test
    void wrapsInAValidJsonMessageOfTheRequestedSize() throws Exception {
        ByteBuf buf = new Payload(5, 120, true).encode(ByteBufAllocator.DEFAULT, 1, 2, 3);
        try {
            assertEquals(120, buf.readableBytes());
            JsonNode n = new ObjectMapper().readTree(buf.toString(StandardCharsets.UTF_8));
            assertEquals("message", n.get("type").asText());
            assertTrue(n.get("text").asText().startsWith("~b:5:1:2:3~"));
            MarkerHit hit = new MarkerHit();
            assertTrue(Marker.scan(buf, hit));
            assertEquals(2, hit.seq());
        } finally {
            buf.release();
        }
    }

    @Test
    void neverTruncatesTheMarker() {
        ByteBuf buf = new Payload(999_999, 16, false).encode(ByteBufAllocator.DEFAULT, 12345, 1_000_000_000L, 999_999_999_999L);
        try {
            MarkerHit hit = new MarkerHit();
            assertTrue(Marker.scan(buf, hit));
            assertEquals(999_999_999_999L, hit.sentNanos());
        } finally {
            buf.release();
        }
    }

    @Test
    void padsLargeFramesBeyondTheFillerBlock() {
        ByteBuf buf = new Payload(5, 10_000, false).encode(ByteBufAllocator.DEFAULT, 0, 0, 0);
        assertEquals(10_000, buf.readableBytes());
        buf.release();
    }
}
