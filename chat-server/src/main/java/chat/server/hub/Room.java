package chat.server.hub;

import chat.server.protocol.ChatMessage;
import chat.server.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A chat room. Its membership, its {@code seq} and the order of its events are owned by one executor
 * (an event loop), so every member sees one total order and the hot path takes no lock.
 *
 * <p>Events posted during one turn of the executor are batched: the first schedules a dispatch task,
 * which sends the batch to each {@link LoopShard} (one task per event loop that has members). Any
 * membership change dispatches the pending batch first, so a joiner never gets a message older than its
 * {@code joined.seq} and a leaver gets everything up to its leave.
 *
 * <p>Presence is announced as coalesced diffs: the first change after a quiet period schedules one
 * {@code presence} event {@value #PRESENCE_TICK_MILLIS} ms later carrying every change since, so a mass
 * reconnect into a room of N costs each member a few frames, not N. Presence and typing are ephemeral:
 * dropped for members whose connection is backed up.
 *
 * <p>Every method except {@link #memberCount()} must run on {@link #executor()}; {@link Hub} routes calls.
 */
final class Room {
    /** Coalescing window of presence diffs (the contract allows up to 250 ms). */
    static final long PRESENCE_TICK_MILLIS = 200;
    /** At most one typing event per user per room per this many nanoseconds. */
    static final long TYPING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String name;
    private final EventLoop executor;
    private final Hub hub;
    private final Map<Session, LoopShard> members = new HashMap<>();
    private final Map<EventLoop, LoopShard> shards = new IdentityHashMap<>();
    private final RecentMessages recent;
    private final Presence presence = new Presence();
    private final Map<String, Long> lastTypingNanos = new HashMap<>();
    private final Runnable dispatchTask = this::dispatchScheduled;
    private final Runnable presenceTask = this::announcePresence;
    private boolean presenceQueued;
    private List<Outgoing> pending = new ArrayList<>();
    private boolean dispatchQueued;
    private long seq;
    private volatile int memberCount;
    private boolean closed;

    Room(String name, EventLoop executor, Hub hub, int recentCapacity) {
        this.name = name;
        this.executor = executor;
        this.hub = hub;
        this.recent = new RecentMessages(recentCapacity);
    }

    String name() {
        return name;
    }

    EventLoop executor() {
        return executor;
    }

    /** Any thread. */
    int memberCount() {
        return memberCount;
    }

    /**
     * Adds {@code s} (or re-sends {@code joined} if it is a member already).
     *
     * @return {@code false} if this room was closed meanwhile and the caller must look it up again
     */
    boolean join(Session s, Long since) {
        if (closed) {
            return false;
        }
        dispatchPending();
        LoopShard shard = members.get(s);
        if (shard == null) {
            shard = shards.computeIfAbsent(s.loop(), LoopShard::new);
            shard.count++;
            members.put(s, shard);
            memberCount = members.size();
            if (presence.add(s.name())) {
                presenceChanged();
            }
            ByteBuf joined = joinedFrame(since);
            LoopShard target = shard;
            if (!target.runOnLoop(() -> target.add(s, joined))) {
                joined.release();
            }
        } else {
            s.send(joinedFrame(since));
        }
        return true;
    }

    /** Removes {@code s} if it is a member; closes the room when it becomes empty. */
    void leave(Session s) {
        LoopShard shard = members.get(s);
        if (shard == null) {
            return;
        }
        dispatchPending();
        members.remove(s);
        memberCount = members.size();
        if (presence.remove(s.name())) {
            lastTypingNanos.remove(s.name());
            presenceChanged();
        }
        shard.runOnLoop(() -> shard.remove(s));
        if (--shard.count == 0) {
            shards.remove(shard.loop);
        }
        if (members.isEmpty()) {
            closed = true; // pending presence is moot: nobody is left to tell
            hub.roomClosed(this);
        }
    }

    /** Tells the other members that {@code s} is typing, at most once per user per {@link #TYPING_INTERVAL_NANOS}. */
    void typing(Session s, String id) {
        if (!members.containsKey(s)) {
            s.send(hub.encoder().error(ErrorCode.NOT_MEMBER, "not a member of room " + name, id));
            return;
        }
        long now = System.nanoTime();
        Long last = lastTypingNanos.get(s.name());
        if (last != null && now - last < TYPING_INTERVAL_NANOS) {
            return; // throttled silently: typing is ephemeral
        }
        lastTypingNanos.put(s.name(), now);
        enqueue(new Outgoing(hub.encoder().typing(name, s.name()), true, s, null));
    }

    private void presenceChanged() {
        if (!presenceQueued) {
            presenceQueued = true;
            executor.schedule(presenceTask, PRESENCE_TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void announcePresence() {
        presenceQueued = false;
        if (closed || !presence.hasChanges()) {
            return;
        }
        enqueue(new Outgoing(hub.encoder().presence(name, presence.joined(), presence.left()), true, null, null));
        presence.clearChanges();
    }

    /** Posts a chat message from {@code s}: assigns its seq, queues it for every other member and the ack for {@code s}. */
    void post(Session s, String text, String id) {
        if (!members.containsKey(s)) {
            s.send(hub.encoder().error(ErrorCode.NOT_MEMBER, "not a member of room " + name, id));
            return;
        }
        ChatMessage m = new ChatMessage(name, ++seq, System.currentTimeMillis(), s.name(), text);
        recent.add(m);
        enqueue(new Outgoing(hub.encoder().message(m), false, s, hub.encoder().ack(id, name, m.seq(), m.ts())));
        hub.stats().messagesPosted.increment();
        hub.stats().deliveries.add(members.size() - 1);
    }

    private void enqueue(Outgoing o) {
        pending.add(o);
        if (!dispatchQueued) {
            dispatchQueued = true;
            executor.execute(dispatchTask);
        }
    }

    private void dispatchScheduled() {
        dispatchQueued = false;
        dispatchPending();
    }

    /** Hands the pending batch to every shard: one reference of each frame per shard. */
    private void dispatchPending() {
        if (pending.isEmpty()) {
            return;
        }
        List<Outgoing> batch = pending;
        pending = new ArrayList<>();
        for (LoopShard shard : shards.values()) {
            for (Outgoing o : batch) {
                o.frame.retain();
            }
            if (!shard.runOnLoop(() -> shard.deliverAndRelease(batch))) {
                shard.releaseUndelivered(batch);
            }
        }
        for (Outgoing o : batch) {
            o.frame.release();
        }
    }

    private ByteBuf joinedFrame(Long since) {
        List<String> names = presence.names();
        if (since == null) {
            return hub.encoder().joined(name, names, recent.latest(Hub.JOINED_HISTORY), seq, null);
        }
        return hub.encoder().joined(name, names, recent.after(since), seq, recent.covers(since, seq));
    }
}
