package chat.server.hub;

import chat.server.history.HistoryService;
import chat.server.protocol.ChatMessage;
import chat.server.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A chat room. Its membership, its {@code seq} and the order of its events are owned by one executor
 * (an event loop), so every member sees one total order and the hot path takes no lock.
 *
 * <p>Store before show: {@link #post} assigns the next seq and hands the message to the history
 * writer; only when its batch has committed does {@link #committed} fan it out and ack it. So
 * {@code assignedSeq} runs ahead of {@code committedSeq}, and {@code joined.seq} is the committed one:
 * everything after it reaches the joiner live.
 *
 * <p>Events ready during one turn of the executor are batched: the first schedules a dispatch task,
 * which sends the batch to each {@link LoopShard} (one task per event loop that has members). Any
 * membership change dispatches the pending batch first, so a joiner never gets a message older than its
 * {@code joined.seq} and a leaver gets everything up to its leave.
 *
 * <p>Presence is announced as coalesced diffs ({@link Presence}), {@value #PRESENCE_TICK_MILLIS} ms
 * after the first change; presence and typing are ephemeral (dropped for backed-up members).
 *
 * <p>Every method except {@link #memberCount()} must run on {@link #executor()}; {@link Hub} routes calls.
 */
final class Room {
    /** Coalescing window of presence diffs (the contract allows up to 250 ms). */
    static final long PRESENCE_TICK_MILLIS = 200;
    /** At most one typing event per user per room per this many nanoseconds. */
    static final long TYPING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How many recent client ids per room are remembered to de-duplicate retries. */
    static final int REMEMBERED_IDS = 1024;

    private final String name;
    private final EventLoop executor;
    private final Hub hub;
    private final HistoryService history;
    private final Map<Session, LoopShard> members = new HashMap<>();
    private final Map<EventLoop, LoopShard> shards = new IdentityHashMap<>();
    private final Set<Session> pendingJoins = new HashSet<>();
    private final RecentMessages recent;
    private final RecentIds recentIds = new RecentIds(REMEMBERED_IDS);
    private final Presence presence = new Presence();
    private final Map<String, Long> lastTypingNanos = new HashMap<>();
    private final Runnable dispatchTask = this::dispatchScheduled;
    private final Runnable presenceTask = this::announcePresence;
    private List<Outgoing> pending = new ArrayList<>();
    private boolean dispatchQueued;
    private boolean presenceQueued;
    private long assignedSeq;
    private long committedSeq;
    private volatile int memberCount;
    private boolean closed;

    Room(String name, EventLoop executor, Hub hub, HistoryService history, int recentCapacity) {
        this.name = name;
        this.executor = executor;
        this.hub = hub;
        this.history = history;
        this.recent = new RecentMessages(recentCapacity);
        this.assignedSeq = history.lastSeq(name);
        this.committedSeq = assignedSeq;
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
     * Adds {@code s} and sends it {@code joined} with recent history, or with everything after
     * {@code since}. When the in-memory window does not reach back far enough, the missing part is read
     * from the store first (off the event loop) and the join completes when it arrives.
     *
     * @return {@code false} if this room was closed meanwhile and the caller must look it up again
     */
    boolean join(Session s, Long since) {
        if (closed) {
            return false;
        }
        if (members.containsKey(s) || pendingJoins.contains(s)) {
            LoopShard shard = members.get(s);
            if (shard != null) {
                dispatchPending();
                ByteBuf joined = joinedFrame(since, null);
                // Through the shard, after what it still buffers for s: a joined never overtakes older messages.
                if (!shard.runOnLoop(() -> shard.sendAfterFlush(s, joined))) {
                    joined.release();
                }
            }
            return true;
        }
        long from = firstWanted(since);
        if (from > committedSeq || recent.holdsFrom(from)) {
            addMember(s, since, null);
            return true;
        }
        pendingJoins.add(s);
        history.readAfter(name, from - 1, hub.settings().maxReplay(), executor, result -> {
            if (!pendingJoins.remove(s)) {
                return; // left before its history arrived
            }
            if (result.error() != null) {
                hub.stats().storeErrors.increment();
            }
            if (!closed) {
                addMember(s, since, result.value());
            }
            closeIfEmpty();
        });
        return true;
    }

    /** The first seq a joiner should get: after {@code since}, or the start of the recent-history page. */
    private long firstWanted(Long since) {
        if (since == null || committedSeq - since > hub.settings().maxReplay()) {
            return Math.max(1, committedSeq - hub.settings().joinedHistory() + 1);
        }
        return since + 1;
    }

    private void addMember(Session s, Long since, List<ChatMessage> stored) {
        dispatchPending();
        LoopShard shard = shards.computeIfAbsent(s.loop(), loop -> new LoopShard(loop, hub.settings().flushInterval().toNanos(), hub.settings().flushBytes(), hub.stats().deliveryLatency));
        shard.count++;
        members.put(s, shard);
        memberCount = members.size();
        if (presence.add(s.name())) {
            presenceChanged();
        }
        ByteBuf joined = joinedFrame(since, stored);
        if (!shard.runOnLoop(() -> shard.add(s, joined))) {
            joined.release();
        }
    }

    /** Removes {@code s} if it is a member (or still waiting for its history); closes the room when it becomes empty. */
    void leave(Session s) {
        if (pendingJoins.remove(s)) {
            closeIfEmpty();
            return;
        }
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
        closeIfEmpty();
    }

    private void closeIfEmpty() {
        if (members.isEmpty() && pendingJoins.isEmpty() && !closed) {
            closed = true; // pending presence is moot: nobody is left to tell
            history.rememberLastSeq(name, assignedSeq);
            hub.roomClosed(this);
        }
    }

    /**
     * Posts a chat message from {@code s}: assigns its seq and queues it for storage; it is shown and
     * acked by {@link #committed}. A retry with an {@code id} already seen from this user is acked again
     * with the original seq instead of being posted twice.
     */
    void post(Session s, String text, String id) {
        if (!members.containsKey(s)) {
            s.send(hub.encoder().error(ErrorCode.NOT_MEMBER, "not a member of room " + name, id));
            return;
        }
        Posted earlier = id == null ? null : recentIds.get(s.name(), id);
        if (earlier != null) {
            earlier.ackAgain(s, hub.encoder());
            return;
        }
        ChatMessage m = new ChatMessage(name, assignedSeq + 1, System.currentTimeMillis(), s.name(), text);
        Posted p = new Posted(m, s, id);
        assignedSeq++;
        if (!history.store(m, executor, () -> committed(p))) {
            assignedSeq--; // nothing took this seq: the next message gets it, so no gap
            hub.stats().storeRejected.increment();
            s.send(hub.encoder().error(ErrorCode.UNAVAILABLE,
                    "the history store is busy or down; retry with the same id", id));
            return;
        }
        if (id != null) {
            recentIds.put(s.name(), id, p);
        }
    }

    /** Runs once {@code p} is durable: shows it to the other members and acks it to its sender. */
    private void committed(Posted p) {
        ChatMessage m = p.message();
        committedSeq = m.seq();
        recent.add(m);
        enqueue(new Outgoing(hub.encoder().message(m), false, p.sender(), hub.encoder().ack(p.id(), name, m.seq(), m.ts()),
                m.ts()));
        p.committed(hub.encoder());
        hub.stats().messagesPosted.increment();
        hub.stats().deliveries.add(Math.max(0, members.size() - 1));
    }

    /** Answers a {@code history} request: up to {@code limit} messages before {@code before}, newest page first. */
    void history(Session s, Long before, int limit, String id) {
        long upTo = before == null ? committedSeq + 1 : Math.min(before, committedSeq + 1);
        history.readBefore(name, upTo, limit + 1, executor, result -> {
            if (result.error() != null) {
                hub.stats().storeErrors.increment();
                s.send(hub.encoder().error(ErrorCode.UNAVAILABLE, "history is unavailable right now; retry", id));
                return;
            }
            List<ChatMessage> page = result.value();
            boolean more = page.size() > limit;
            List<ChatMessage> newest = more ? page.subList(page.size() - limit, page.size()) : page;
            List<ChatMessage> fitting = JoinedHistory.withinBudget(newest, hub.settings().joinedBudgetBytes());
            more |= fitting.size() < newest.size(); // trimmed to stay under the outbound limit: page again
            s.send(hub.encoder().history(name, fitting, more, id));
        });
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
            // Only when no shard runs on the sender's loop may this thread touch the ack (else that shard owns it).
            if (o.sender != null && !shards.containsKey(o.sender.loop()) && o.ack != null) {
                o.ack.release(); // the sender left before its message committed
                o.ack = null;
            }
        }
    }

    /**
     * Returns the {@code joined} reply. Messages come from {@code stored} (read from the store for this
     * join) and the in-memory window, up to {@code committedSeq} — anything later reaches the joiner live.
     */
    private ByteBuf joinedFrame(Long since, List<ChatMessage> stored) {
        long from = firstWanted(since);
        List<ChatMessage> messages = JoinedHistory.merge(stored, recent.after(from - 1), from, committedSeq);
        messages = JoinedHistory.withinBudget(messages, hub.settings().joinedBudgetBytes());
        Boolean recovered = null;
        if (since != null) {
            recovered = since == committedSeq
                    || (since < committedSeq && !messages.isEmpty() && messages.get(0).seq() == since + 1
                    && messages.size() == committedSeq - since);
        }
        return hub.encoder().joined(name, presence.names(Hub.JOINED_MEMBERS), presence.size(), messages, committedSeq,
                recovered);
    }
}
