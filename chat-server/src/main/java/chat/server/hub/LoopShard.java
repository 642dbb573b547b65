package chat.server.hub;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;

/**
 * The members of one room that live on one event loop. The room sends it one task per batch; the
 * shard writes every event of the batch to each of its members, then flushes each member once —
 * so a broadcast costs one cross-thread task per loop, not per recipient (netty/netty#3919).
 *
 * <p>Threading: {@code count} belongs to the room's executor; {@code members} and everything in
 * {@link #runOnLoop} tasks belong to {@link #loop}. The room submits all of a shard's operations in
 * order, so joins, leaves and deliveries reach a member in the room's order.
 */
final class LoopShard {
    final EventLoop loop;
    /** Members on this loop as seen by the room's executor. */
    int count;
    private final List<Session> members = new ArrayList<>();

    LoopShard(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code task} on this shard's loop (see {@link Loops#run}); {@code false} if the loop is stopping. */
    boolean runOnLoop(Runnable task) {
        return Loops.run(loop, task);
    }

    /** Adds {@code s} and sends it the room's {@code joined} reply. Takes ownership of {@code joined}. Loop only. */
    void add(Session s, ByteBuf joined) {
        members.add(s);
        s.writeChat(joined);
        s.flush();
    }

    /** Loop only. */
    void remove(Session s) {
        members.remove(s);
    }

    /**
     * Writes every event of {@code batch} to each member (the sender gets its ack instead of its own
     * message), then flushes each member once. Releases this shard's reference to the batch. Loop only.
     */
    void deliverAndRelease(List<Outgoing> batch) {
        try {
            for (int m = 0, n = members.size(); m < n; m++) {
                Session s = members.get(m);
                for (int i = 0, k = batch.size(); i < k; i++) {
                    Outgoing o = batch.get(i);
                    if (o.sender == s) {
                        if (o.ack != null) {
                            ByteBuf ack = o.ack;
                            o.ack = null;
                            s.writeChat(ack);
                        }
                    } else if (o.ephemeral) {
                        s.writeEphemeral(o.frame.retainedDuplicate());
                    } else {
                        s.writeChat(o.frame.retainedDuplicate());
                    }
                }
                s.flush();
            }
        } finally {
            releaseUndelivered(batch); // acks left here belong to senders that left before they could be written
        }
    }

    /** Releases this shard's reference to each frame, and the acks it was to deliver. */
    void releaseUndelivered(List<Outgoing> batch) {
        for (int i = 0, k = batch.size(); i < k; i++) {
            Outgoing o = batch.get(i);
            o.frame.release();
            if (o.ack != null && o.sender != null && o.sender.loop() == loop) {
                o.ack.release();
                o.ack = null;
            }
        }
    }

    /** Returns how many recipients a batch event reaches here, for statistics. Loop only. */
    int size() {
        return members.size();
    }
}
