package chat.server.hub;

import io.netty.buffer.ByteBuf;

/**
 * One event of a room's batch: the frame every member gets, and for a posted message the sender and
 * its {@code ack}, which the sender gets instead of an echo.
 *
 * <p>{@code frame} is shared by every shard (one reference each). {@code ack} is only ever touched by
 * the shard on the sender's event loop, which writes it exactly once or releases it.
 */
final class Outgoing {
    final ByteBuf frame;
    final boolean ephemeral;
    final Session sender;
    /** Wall-clock time the room accepted a posted message (its {@code ts}), for delivery latency; 0 for other events. */
    final long acceptedAtMillis;
    ByteBuf ack;

    Outgoing(ByteBuf frame, boolean ephemeral, Session sender, ByteBuf ack) {
        this(frame, ephemeral, sender, ack, 0);
    }

    Outgoing(ByteBuf frame, boolean ephemeral, Session sender, ByteBuf ack, long acceptedAtMillis) {
        this.frame = frame;
        this.ephemeral = ephemeral;
        this.sender = sender;
        this.ack = ack;
        this.acceptedAtMillis = acceptedAtMillis;
    }
}
