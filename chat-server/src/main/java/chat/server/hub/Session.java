package chat.server.hub;

import chat.server.ServerStats;
import chat.server.auth.Identity;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.AttributeKey;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket connection as the hub sees it: its name, its rooms, and the gate every outbound frame
 * passes (backpressure with delivery classes).
 *
 * <p>Delivery classes: chat frames ({@code message}, {@code direct}, {@code ack}, replies) are never
 * dropped — if queuing one would push the connection's pending outbound bytes past the hard cap, the
 * connection is closed with 1013 "slow consumer" (plus a jittered retry hint) instead, and the client
 * recovers with {@code since}.
 * Ephemeral frames ({@code typing}, {@code presence}) are dropped as soon as the channel is unwritable.
 *
 * <p>Threading: the {@code write*}, {@code flush} and room-set methods must be called on the channel's
 * event loop; {@link #send} and {@link #close} may be called from any thread.
 */
public final class Session {
    private static final AttributeKey<Session> KEY = AttributeKey.valueOf(Session.class, "session");
    /** Netty's per-entry overhead estimate in the outbound buffer ({@code io.netty.transport.outboundBufferEntrySizeOverhead}). */
    private static final int ENTRY_OVERHEAD = 96;

    private final Channel channel;
    private final String name;
    private final String defaultRoom;
    private final long outboundLimit;
    private final long closeTimeoutMillis;
    private final ServerStats stats;
    /** A list, not a set: at most a few dozen rooms, and an idle connection should stay small. */
    private final List<String> rooms = new ArrayList<>(1);
    private Identity identity;
    private ChannelHandlerContext writeFrom;
    private boolean closing;
    // Traffic and how the session ended, for the access log: plain fields, only the channel's loop touches them.
    private long bytesOut;
    private long messagesOut;
    private int closeCode;
    private String closeReason = "";
    private String closedBy = "";

    /**
     * @param outboundLimit      hard cap of bytes queued for this connection
     * @param closeTimeoutMillis how long a close frame may wait behind a backlog before the connection is dropped
     */
    public Session(Channel channel, String name, String defaultRoom, long outboundLimit, long closeTimeoutMillis,
                   ServerStats stats) {
        this.channel = channel;
        this.name = name;
        this.defaultRoom = defaultRoom;
        this.outboundLimit = outboundLimit;
        this.closeTimeoutMillis = closeTimeoutMillis;
        this.stats = stats;
        channel.attr(KEY).set(this);
    }

    /** Returns the session of {@code channel}, or {@code null} before the handshake completed. */
    public static Session of(Channel channel) {
        return channel.attr(KEY).get();
    }

    public Channel channel() {
        return channel;
    }

    public EventLoop loop() {
        return channel.eventLoop();
    }

    public String name() {
        return name;
    }

    public String defaultRoom() {
        return defaultRoom;
    }

    /** Returns the rooms this connection is in, in join order. Event loop only. */
    public List<String> rooms() {
        return rooms;
    }

    /** Returns the credential this connection proved, or {@code null} for an anonymous one. Event loop only. */
    public Identity identity() {
        return identity;
    }

    /** Records the connection's (refreshed) credential. Event loop only. */
    public void identity(Identity identity) {
        this.identity = identity;
    }

    /** Records that this connection is in {@code room}. Event loop only. */
    public void addRoom(String room) {
        if (!rooms.contains(room)) {
            rooms.add(room);
        }
    }

    /** Queues a chat frame without flushing. Takes ownership of {@code frame}. Event loop only. */
    public void writeChat(ByteBuf frame) {
        writeChat(frame, 1);
    }

    /**
     * Queues {@code frame}, which holds {@code events} complete events (a shard's stream holds several),
     * without flushing. Takes ownership of {@code frame}. Event loop only.
     */
    public void writeChat(ByteBuf frame, int events) {
        if (closing || !channel.isActive()) {
            frame.release();
            return;
        }
        if (pendingBytes() + frame.readableBytes() + ENTRY_OVERHEAD > outboundLimit) {
            frame.release();
            stats.slowConsumerCloses.increment();
            close(WebSocketCloseStatus.TRY_AGAIN_LATER,
                    "slow consumer; retry after " + (1000 + ThreadLocalRandom.current().nextInt(4000)));
            return;
        }
        bytesOut += frame.readableBytes();
        messagesOut += events;
        // The bytes are complete WebSocket frames: write from below the WebSocket codec, which would only pass
        // them through — but above TLS, which must still encrypt them. (Close frames go through the pipeline.)
        if (writeFrom != null) {
            writeFrom.write(frame, channel.voidPromise());
        } else {
            channel.write(frame, channel.voidPromise());
        }
    }

    /**
     * Makes pre-framed writes start at {@code ctx} (they travel from there toward the socket): the pipeline's
     * first handler above any transport-level one such as TLS. Without it, writes pass the whole pipeline.
     */
    public void writeFrom(ChannelHandlerContext ctx) {
        this.writeFrom = ctx;
    }

    /** Counts an ephemeral event (typing, presence) not sent because this connection is backed up. */
    public void dropEphemeral() {
        stats.ephemeralDropped.increment();
    }

    /** Flushes what was queued. Event loop only. */
    public void flush() {
        if (!closing) {
            channel.flush();
        }
    }

    /** Writes and flushes a chat frame from any thread. Takes ownership of {@code frame}. */
    public void send(ByteBuf frame) {
        if (!Loops.run(channel.eventLoop(), () -> {
            writeChat(frame);
            flush();
        })) {
            frame.release();
        }
    }

    /**
     * Sends a close frame with {@code status} and closes the connection once it is written, or after the
     * close timeout when the peer is not reading (the frame then waits behind a backlog that never drains).
     * Any thread.
     */
    public void close(WebSocketCloseStatus status, String reason) {
        if (!channel.eventLoop().inEventLoop()) {
            Loops.run(channel.eventLoop(), () -> close(status, reason));
            return;
        }
        if (closing) {
            return;
        }
        closing = true;
        recordClose(status.code(), reason, "server");
        channel.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
        // Netty's force-close timer only starts in close(), not when a close frame is written: bound the wait
        // here, closing from the head of the pipeline so the WebSocket handler does not wait a second time.
        channel.eventLoop().schedule(() -> {
            if (channel.isOpen()) {
                channel.pipeline().firstContext().close();
            }
        }, closeTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Notes how the session ends — the first close frame either side sent, or what ended it without one —
     * for the access log and the closes-by-code counter. Later calls are ignored. Event loop only.
     */
    public void recordClose(int code, String reason, String by) {
        if (closeCode == 0) {
            closeCode = code;
            closeReason = reason == null ? "" : reason;
            closedBy = by;
        }
    }

    /** The recorded close code, or 1006 (abnormal closure) when the connection ended without a close frame. */
    public int closeCode() {
        return closeCode == 0 ? 1006 : closeCode;
    }

    public String closeReason() {
        return closeCode == 0 ? "no close frame" : closeReason;
    }

    /** {@code server}, {@code client}, or {@code network} when nobody sent a close frame. */
    public String closedBy() {
        return closeCode == 0 ? "network" : closedBy;
    }

    /** Chat bytes queued for this connection (complete WebSocket frames). Event loop only. */
    public long bytesOut() {
        return bytesOut;
    }

    /** Chat events queued for this connection. Event loop only. */
    public long messagesOut() {
        return messagesOut;
    }

    /** Returns whether a close was started. Event loop only. */
    public boolean isClosing() {
        return closing;
    }

    /** Returns the bytes queued for this connection but not yet written to the socket. Event loop only. */
    public long pendingBytes() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    @Override
    public String toString() {
        return name + '@' + channel.remoteAddress();
    }
}
