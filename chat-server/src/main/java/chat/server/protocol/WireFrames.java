package chat.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Builds complete server-to-client WebSocket text frames (RFC 6455 §5.2: FIN, opcode, length, payload —
 * server frames are unmasked) in one buffer.
 *
 * <p>Why: a broadcast frame is then byte-for-byte identical for every recipient, so fan-out writes a
 * retained duplicate of the same bytes to each channel. Netty's {@code WebSocket08FrameEncoder} only
 * encodes {@code WebSocketFrame}s and passes a plain {@code ByteBuf} through, so these frames skip the
 * per-recipient header allocation and copy it would otherwise do for payloads under 1 KiB.
 * Only valid while no WebSocket extension (compression) is negotiated; the server never enables one.
 */
public final class WireFrames {
    /** Room reserved in front of the payload for the largest frame header. */
    static final int MAX_HEADER = 10;
    private static final int OPCODE_TEXT_FIN = 0x81;

    private WireFrames() {
    }

    /** Returns a buffer whose writer index leaves room for the header; write the UTF-8 payload, then call {@link #finish}. */
    static ByteBuf start(ByteBufAllocator alloc, int payloadHint) {
        ByteBuf buf = alloc.directBuffer(MAX_HEADER + payloadHint);
        buf.writerIndex(MAX_HEADER);
        return buf;
    }

    /** Writes the frame header in front of the payload and moves the reader index to it. */
    static ByteBuf finish(ByteBuf buf) {
        int length = buf.writerIndex() - MAX_HEADER;
        int headerSize = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        int at = MAX_HEADER - headerSize;
        buf.setByte(at, OPCODE_TEXT_FIN);
        if (headerSize == 2) {
            buf.setByte(at + 1, length);
        } else if (headerSize == 4) {
            buf.setByte(at + 1, 126);
            buf.setShort(at + 2, length);
        } else {
            buf.setByte(at + 1, 127);
            buf.setLong(at + 2, length);
        }
        buf.readerIndex(at);
        return buf;
    }

    /** Returns the payload of a frame built here, without the header (for tests and logs). */
    public static ByteBuf payload(ByteBuf frame) {
        int second = frame.getUnsignedByte(frame.readerIndex() + 1) & 0x7F;
        int headerSize = second < 126 ? 2 : second == 126 ? 4 : 10;
        return frame.slice(frame.readerIndex() + headerSize, frame.readableBytes() - headerSize);
    }
}
