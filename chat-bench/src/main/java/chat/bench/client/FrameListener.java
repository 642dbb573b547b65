package chat.bench.client;

import io.netty.buffer.ByteBuf;

/** Receives the text frames of every connection, on the connection's event loop. */
public interface FrameListener {
    /**
     * Handles one text frame. {@code content} is only valid during the call (it is released afterwards);
     * {@code nowNanos} is the bench-clock receive time.
     */
    void onText(BenchClient client, ByteBuf content, long nowNanos);
}
