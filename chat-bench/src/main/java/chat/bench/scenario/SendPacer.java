package chat.bench.scenario;

import chat.bench.client.BenchClient;
import chat.bench.client.Payload;
import chat.bench.stats.BenchClock;
import chat.bench.stats.Measurement;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends for the senders that live on one event loop, on that loop (no cross-thread writes). Each tick sends
 * every message whose intended time has come (catching up after a stall, so a slow server cannot make the
 * bench send less: no coordinated omission), flushes each sender once, and reschedules itself for the next
 * intended time. Counts down {@code done} after the last message of the window.
 */
final class SendPacer implements Runnable {
    /** A sender that already owes this many messages in one tick yields to reads, then continues. */
    private static final int MAX_BURST = 256;
    /** Bench-side cap on unflushed bytes per sender; beyond it messages are counted as not sent. */
    private static final long MAX_PENDING_BYTES = 16L << 20;

    private final EventLoop loop;
    private final int loopIndex;
    private final List<BenchClient> senders;
    private final long[] next;
    private final SendSchedule schedule;
    private final Measurement measurement;
    private final Payload payload;
    private final Topology topology;
    private final int[] recipients;
    private final LongAdder liveSent;
    private final CountDownLatch done;

    SendPacer(EventLoop loop, int loopIndex, List<BenchClient> senders, SendSchedule schedule, Measurement measurement,
              Payload payload, Topology topology, int[] recipients, LongAdder liveSent, CountDownLatch done) {
        this.loop = loop;
        this.loopIndex = loopIndex;
        this.senders = senders;
        this.next = new long[senders.size()];
        this.schedule = schedule;
        this.measurement = measurement;
        this.payload = payload;
        this.topology = topology;
        this.recipients = recipients;
        this.liveSent = liveSent;
        this.done = done;
    }

    /** Schedules the first tick at the schedule's start. */
    void start() {
        loop.schedule(this, Math.max(0, schedule.start() - BenchClock.now()), TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        long now = BenchClock.now();
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < senders.size(); i++) {
            BenchClient c = senders.get(i);
            int id = c.senderId();
            Channel ch = c.channel();
            int burst = 0;
            long t = schedule.intended(id, next[i]);
            while (t <= now && schedule.due(t) && burst < MAX_BURST) {
                try {
                    send(c, ch, t, now);
                } catch (RuntimeException e) {
                    measurement.onNotSent(); // e.g. the channel closed under us; never stop the pacer
                }
                next[i]++;
                burst++;
                t = schedule.intended(id, next[i]);
            }
            if (burst > 0 && ch != null) {
                ch.flush();
            }
            if (schedule.due(t)) {
                earliest = Math.min(earliest, burst == MAX_BURST ? now : t);
            }
        }
        if (earliest == Long.MAX_VALUE) {
            done.countDown();
        } else {
            loop.schedule(this, Math.max(0, earliest - BenchClock.now()), TimeUnit.NANOSECONDS);
        }
    }

    private void send(BenchClient c, Channel ch, long intended, long now) {
        boolean counted = measurement.counts(intended);
        if (ch == null || !ch.isActive() || c.state() != BenchClient.State.OPEN
                || ch.bytesBeforeWritable() > MAX_PENDING_BYTES) {
            if (counted) {
                measurement.onNotSent();
            }
            return;
        }
        int sender = c.senderId();
        long seq = c.nextSeq();
        ByteBuf buf = payload.encode(ch.alloc(), sender, seq, intended);
        if (counted) {
            int room = topology.senderRoom(sender);
            measurement.onSent(loopIndex, sender, room, seq, recipients[room], now - intended);
        }
        liveSent.increment();
        ch.write(new TextWebSocketFrame(buf), ch.voidPromise());
    }
}
