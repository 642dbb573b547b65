package chat.server.hub;

import chat.server.LatencyRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The members of one room that live on one event loop, and the frames on their way to them.
 *
 * <p>The room sends the shard one task per batch (netty/netty#3919: a write from a foreign thread costs
 * a task per recipient). The shard appends the batch's frames — already complete WebSocket frames — to
 * one buffer, the <em>stream</em>, and on flush gives each member one retained duplicate of it: one
 * write and one {@code writev} per member per flush, however many messages the stream holds. Members
 * that need something else get their own sequence of slices: a sender gets its {@code ack} instead of
 * its own message, and a backed-up member gets no ephemeral events.
 *
 * <p>Adaptive flush coalescing: a shard that has not flushed for {@code flushIntervalNanos} flushes at
 * once (a quiet room delivers immediately); a busy one flushes at most once per interval, so one
 * syscall carries all the messages of that interval. Added latency is bounded by the interval; 0 flushes
 * every batch. A stream that reaches {@code flushBytes} (half the high-water mark) flushes early, so
 * coalescing never turns a burst into a backlog that trips a healthy member's outbound limit. Joins and
 * leaves flush first, so a member gets exactly the frames of its membership.
 *
 * <p>Threading: {@code count} belongs to the room's executor; everything else to {@link #loop}. The room
 * submits all of a shard's operations in order, so joins, leaves and deliveries keep the room's order.
 */
final class LoopShard {
    final EventLoop loop;
    /** Members on this loop as seen by the room's executor. */
    int count;
    private final List<Session> members = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();
    private final long flushIntervalNanos;
    private final int flushBytes;
    private final Runnable flushTask = this::flushScheduled;
    private final LatencyRecorder deliveryLatency;
    private ByteBuf stream;
    private boolean streamHasEphemeral;
    private boolean streamHasSenders;
    private long lastFlushNanos;
    private boolean flushQueued;

    /** One event in the stream: where its bytes are, who sent it, and the sender's ack (only if the sender lives here). */
    private static final class Segment {
        final int start;
        final int length;
        final boolean ephemeral;
        final Session sender;
        final long acceptedAtMillis;
        /** Owned by this shard until written (then {@code null}). */
        ByteBuf ack;

        Segment(int start, int length, boolean ephemeral, Session sender, ByteBuf ack, long acceptedAtMillis) {
            this.start = start;
            this.length = length;
            this.ephemeral = ephemeral;
            this.sender = sender;
            this.ack = ack;
            this.acceptedAtMillis = acceptedAtMillis;
        }
    }

    LoopShard(EventLoop loop, long flushIntervalNanos, int flushBytes) {
        this(loop, flushIntervalNanos, flushBytes, LatencyRecorder.NONE);
    }

    /** @param deliveryLatency gets, per message and flush, the time from its acceptance to this shard's flush */
    LoopShard(EventLoop loop, long flushIntervalNanos, int flushBytes, LatencyRecorder deliveryLatency) {
        this.loop = loop;
        this.flushIntervalNanos = flushIntervalNanos;
        this.flushBytes = flushBytes;
        this.deliveryLatency = deliveryLatency;
        this.lastFlushNanos = System.nanoTime() - flushIntervalNanos;
    }

    /** Runs {@code task} on this shard's loop (see {@link Loops#run}); {@code false} if the loop is stopping. */
    boolean runOnLoop(Runnable task) {
        return Loops.run(loop, task);
    }

    /** Adds {@code s} and sends it the room's {@code joined} reply. Takes ownership of {@code joined}. Loop only. */
    void add(Session s, ByteBuf joined) {
        flushAll(System.nanoTime()); // what is in the stream predates the join: not for s
        members.add(s);
        s.writeChat(joined);
        s.flush();
    }

    /** Sends {@code frame} to member {@code s} after everything buffered before it. Takes ownership. Loop only. */
    void sendAfterFlush(Session s, ByteBuf frame) {
        flushAll(System.nanoTime());
        s.writeChat(frame);
        s.flush();
    }

    /** Removes {@code s} after flushing to it what was queued during its membership. Loop only. */
    void remove(Session s) {
        flushAll(System.nanoTime());
        members.remove(s);
    }

    /**
     * Appends every event of {@code batch} to the stream, then flushes — now, or at the end of the
     * current flush interval. Releases this shard's reference to the batch. Loop only.
     */
    void deliverAndRelease(List<Outgoing> batch) {
        try {
            append(batch);
        } finally {
            releaseUndelivered(batch);
        }
        long now = System.nanoTime();
        long wait = lastFlushNanos + flushIntervalNanos - now;
        if (wait <= 0 || (stream != null && stream.readableBytes() >= flushBytes)) {
            flushAll(now);
        } else if (!flushQueued) {
            flushQueued = true;
            loop.schedule(flushTask, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void append(List<Outgoing> batch) {
        if (members.isEmpty()) {
            return;
        }
        for (int i = 0, k = batch.size(); i < k; i++) {
            Outgoing o = batch.get(i);
            if (stream == null) {
                stream = o.frame.alloc().directBuffer(Math.max(1024, o.frame.readableBytes() * 2));
            }
            int start = stream.writerIndex();
            stream.writeBytes(o.frame, o.frame.readerIndex(), o.frame.readableBytes());
            ByteBuf ack = null;
            if (o.sender != null && o.sender.loop() == loop) {
                ack = o.ack; // this shard owns the ack: only it runs on the sender's loop
                o.ack = null;
                streamHasSenders = true;
            }
            segments.add(new Segment(start, o.frame.readableBytes(), o.ephemeral, o.sender, ack, o.acceptedAtMillis));
            streamHasEphemeral |= o.ephemeral;
        }
    }

    private void flushScheduled() {
        flushQueued = false;
        flushAll(System.nanoTime());
    }

    /** Writes the stream to every member and flushes each once. An empty stream does not count as a flush. */
    private void flushAll(long now) {
        if (stream == null) {
            return;
        }
        lastFlushNanos = now;
        try {
            for (int m = 0, n = members.size(); m < n; m++) {
                Session s = members.get(m);
                if ((streamHasSenders && sentSomething(s)) || (streamHasEphemeral && !s.channel().isWritable())) {
                    writeOwnSequence(s);
                } else {
                    s.writeChat(stream.retainedDuplicate(), segments.size());
                }
                s.flush();
            }
            recordDeliveryLatency();
        } finally {
            for (int i = 0, n = segments.size(); i < n; i++) {
                Segment seg = segments.get(i);
                if (seg.ack != null) {
                    seg.ack.release(); // the sender left before its ack could be written
                }
            }
            segments.clear();
            stream.release();
            stream = null;
            streamHasEphemeral = false;
            streamHasSenders = false;
        }
    }

    /** Once per message per flush, not per member: the hot path's cost stays per message. */
    private void recordDeliveryLatency() {
        if (deliveryLatency == LatencyRecorder.NONE || members.isEmpty()) {
            return;
        }
        long nowMillis = System.currentTimeMillis(); // the messages' ts are wall-clock milliseconds
        for (int i = 0, n = segments.size(); i < n; i++) {
            long accepted = segments.get(i).acceptedAtMillis;
            if (accepted > 0) {
                deliveryLatency.record(Math.max(0, nowMillis - accepted) * 1_000_000);
            }
        }
    }

    private boolean sentSomething(Session s) {
        for (int i = 0, n = segments.size(); i < n; i++) {
            if (segments.get(i).sender == s) {
                return true;
            }
        }
        return false;
    }

    /** The stream as {@code s} must see it: its acks instead of its own messages, no ephemeral events if backed up. */
    private void writeOwnSequence(Session s) {
        boolean writable = s.channel().isWritable();
        for (int i = 0, n = segments.size(); i < n; i++) {
            Segment seg = segments.get(i);
            if (seg.sender == s) {
                if (seg.ack != null) {
                    ByteBuf ack = seg.ack;
                    seg.ack = null;
                    s.writeChat(ack);
                }
            } else if (seg.ephemeral && !writable) {
                s.dropEphemeral();
            } else {
                s.writeChat(stream.retainedSlice(seg.start, seg.length));
            }
        }
    }

    /** Releases this shard's reference to each frame of {@code batch}, and the acks it was to deliver but did not take. */
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
}
