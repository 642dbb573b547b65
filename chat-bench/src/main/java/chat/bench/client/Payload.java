package chat.bench.client;

import chat.bench.stats.Marker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Encodes one bench message: the {@link Marker} padded with filler to the requested size, either as plain
 * text (the seed behaviour: non-JSON text is a chat message) or inside {@code {"type":"message","text":"..."}}.
 * A frame is never shorter than its marker (plus envelope); otherwise it is exactly {@code size} bytes.
 */
public final class Payload {
    private static final byte[] JSON_HEAD = "{\"type\":\"message\",\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);
    private static final int FILLER_LEN = 4096;
    private static final ByteBuf FILLER = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(FILLER_LEN).writeBytes("x".repeat(FILLER_LEN).getBytes(StandardCharsets.US_ASCII))
                    .asReadOnly());

    private final int run;
    private final int size;
    private final boolean json;

    /** Creates an encoder for run {@code run}'s frames of {@code size} bytes, JSON-wrapped when {@code json}. */
    public Payload(int run, int size, boolean json) {
        this.run = run;
        this.size = size;
        this.json = json;
    }

    /** Returns a new buffer from {@code alloc} holding the frame text; the caller owns it. */
    public ByteBuf encode(ByteBufAllocator alloc, int sender, long seq, long nanos) {
        ByteBuf buf = alloc.directBuffer(Math.max(size, Marker.length(run, sender, seq, nanos) + 32));
        if (json) {
            buf.writeBytes(JSON_HEAD);
        }
        Marker.write(buf, run, sender, seq, nanos);
        int pad = size - buf.readableBytes() - (json ? JSON_TAIL.length : 0);
        while (pad > 0) {
            int n = Math.min(pad, FILLER_LEN);
            buf.writeBytes(FILLER, 0, n);
            pad -= n;
        }
        if (json) {
            buf.writeBytes(JSON_TAIL);
        }
        return buf;
    }
}
