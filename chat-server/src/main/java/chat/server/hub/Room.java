package chat.server.hub;

import chat.server.cluster.ClusterLink;
import chat.server.cluster.RemoteEvent;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p><b>Cluster mode</b> ({@code cluster != null}): the shared store numbers each message in its commit, so
 * seqs are one gap-free order for the whole cluster; the committing node announces the message through Redis,
 * and every node shows messages strictly in seq order — one that arrives ahead of a gap waits in {@code early}
 * until the gap fills, or is read from the store after {@value #GAP_WAIT_MILLIS} ms (its announcement may be
 * lost: a node died between commit and publish, or Redis was away). A room opens asynchronously (subscribe,
 * then read the other nodes' members and the stored seq); joins wait for that. Presence counts each other
 * node's name once ({@link RemoteMembers}); local first joins and last leaves are announced to the others.
 *
 * <p>Every method except {@link #memberCount()} must run on {@link #executor()}; {@link Hub} routes calls.
 */
final class Room {
    private static final Logger logger = LoggerFactory.getLogger(Room.class);
    /** How long a message waits for an earlier seq's announcement before the gap is read from the store. */
    static final long GAP_WAIT_MILLIS = 300;
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
    /** Requests of a joiner sent before its join completed (history read, room opening): run after it. */
    private final Map<Session, List<Runnable>> afterJoin = new HashMap<>();
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

    // Cluster mode only.
    private final ClusterLink cluster;
    private final RemoteMembers remote = new RemoteMembers();
    /** This node's connections per name, to announce a name's first join and last leave. */
    private final Map<String, Integer> localNames = new HashMap<>();
    /** Messages that arrived ahead of a missing seq, with the local post they belong to (if any). */
    private final TreeMap<Long, Arrival> early = new TreeMap<>();
    /** Posts from here on their way to the store: one read back by a catch-up first is still acked, not echoed. */
    private final List<Posted> inFlight = new ArrayList<>();
    /** Joins and member events waiting for the room to open. */
    private final List<Runnable> untilOpen = new ArrayList<>();
    private boolean open;
    private boolean opening;
    private boolean catchUpQueued;

    private record Arrival(ChatMessage message, Posted posted) {
    }

    Room(String name, EventLoop executor, Hub hub, HistoryService history, int recentCapacity, ClusterLink cluster) {
        this.name = name;
        this.executor = executor;
        this.hub = hub;
        this.history = history;
        this.cluster = cluster;
        this.open = cluster == null;
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
        if (!open) {
            if (pendingJoins.add(s)) {
                untilOpen.add(() -> {
                    if (pendingJoins.remove(s)) {
                        join(s, since);
                    }
                });
            }
            startOpening();
            return true;
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
        if (cluster != null && localNames.merge(s.name(), 1, Integer::sum) == 1) {
            cluster.memberJoined(name, s.name());
        }
        ByteBuf joined = joinedFrame(since, stored);
        if (!shard.runOnLoop(() -> shard.add(s, joined))) {
            joined.release();
        }
        runAfterJoin(s);
    }

    /**
     * Defers a request of {@code s} until its pending join completes; returns {@code false} if no join of
     * {@code s} is pending (the caller answers at once).
     */
    private boolean waitForJoin(Session s, Runnable request) {
        if (!pendingJoins.contains(s)) {
            return false;
        }
        afterJoin.computeIfAbsent(s, k -> new ArrayList<>(2)).add(request);
        return true;
    }

    /** Runs the requests deferred for {@code s}: as a member now, or — its join cancelled — to answer not_member. */
    private void runAfterJoin(Session s) {
        List<Runnable> waiting = afterJoin.remove(s);
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
    }

    /** Removes {@code s} if it is a member (or still waiting for its history); closes the room when it becomes empty. */
    void leave(Session s) {
        if (pendingJoins.remove(s)) {
            runAfterJoin(s);
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
        if (cluster != null && localNames.merge(s.name(), -1, Integer::sum) == 0) {
            localNames.remove(s.name());
            cluster.memberLeft(name, s.name());
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
            if (opening) {
                cluster.unsubscribe(name);
            }
            early.clear(); // a closed room shows nothing; acks of still-pending posts have no sender left
        }
    }

    /**
     * Posts a chat message from {@code s}: assigns its seq and queues it for storage; it is shown and
     * acked by {@link #committed}. A retry with an {@code id} already seen from this user is acked again
     * with the original seq instead of being posted twice.
     */
    void post(Session s, String text, String id) {
        if (!members.containsKey(s)) {
            if (waitForJoin(s, () -> post(s, text, id))) {
                return;
            }
            s.send(hub.encoder().error(ErrorCode.NOT_MEMBER, "not a member of room " + name, id));
            return;
        }
        Posted earlier = id == null ? null : recentIds.get(s.name(), id);
        if (earlier != null) {
            earlier.ackAgain(s, hub.encoder());
            return;
        }
        if (cluster != null) {
            postClustered(s, text, id);
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
        show(p.message(), p);
    }

    /** Shows {@code m} to the members — acked to its sender instead when it was posted here ({@code p}). */
    private void show(ChatMessage m, Posted p) {
        committedSeq = m.seq();
        assignedSeq = Math.max(assignedSeq, committedSeq);
        recent.add(m);
        if (p == null) {
            enqueue(new Outgoing(hub.encoder().message(m), false, null, null, m.ts()));
            hub.stats().deliveries.add(members.size());
            return;
        }
        enqueue(new Outgoing(hub.encoder().message(m), false, p.sender(), p.ack(hub.encoder()), m.ts()));
        p.committed(hub.encoder());
        hub.stats().messagesPosted.increment();
        hub.stats().deliveries.add(Math.max(0, members.size() - 1));
    }

    /**
     * Cluster mode: the shared store numbers the message in its commit; then it is announced to the other
     * nodes and shown here in seq order. Refused while Redis is away: this node could not tell the others.
     */
    private void postClustered(Session s, String text, String id) {
        if (!cluster.available()) {
            hub.stats().storeRejected.increment();
            s.send(hub.encoder().error(ErrorCode.UNAVAILABLE,
                    "the cluster link (Redis) is down; retry with the same id", id));
            return;
        }
        Posted p = new Posted(new ChatMessage(name, 0, System.currentTimeMillis(), s.name(), text), s, id);
        boolean queued = history.storeNumbered(p.message(), executor, stored -> {
            inFlight.remove(p);
            p.numbered(stored);
            cluster.publishMessage(stored);
            hub.stats().clusterPublished.increment();
            arrived(stored, p);
        });
        if (!queued) {
            hub.stats().storeRejected.increment();
            s.send(hub.encoder().error(ErrorCode.UNAVAILABLE,
                    "the history store is busy or down; retry with the same id", id));
            return;
        }
        inFlight.add(p);
        if (id != null) {
            recentIds.put(s.name(), id, p);
        }
    }

    /** Returns the local post that {@code m} (read back from the store) is, or {@code null}. */
    private Posted inFlight(ChatMessage m) {
        for (Posted p : inFlight) {
            ChatMessage draft = p.message();
            if (draft.ts() == m.ts() && draft.from().equals(m.from()) && draft.text().equals(m.text())) {
                inFlight.remove(p);
                p.numbered(m);
                return p;
            }
        }
        return null;
    }

    /** Cluster mode: a durable message, from here ({@code p}) or another node; shown once, in seq order. */
    private void arrived(ChatMessage m, Posted p) {
        if (closed) {
            return;
        }
        if (p == null && !inFlight.isEmpty()) {
            p = inFlight(m); // a catch-up read our own post before its commit callback came
        }
        if (m.seq() <= committedSeq) {
            if (p != null && !p.isCommitted()) { // shown already without its sender knowing: ack it
                p.sender().send(p.ack(hub.encoder()));
                p.committed(hub.encoder());
            }
            return;
        }
        Arrival before = early.get(m.seq());
        if (before == null || before.posted() == null) {
            early.put(m.seq(), new Arrival(m, p != null ? p : before == null ? null : before.posted()));
        }
        if (open) {
            showInOrder();
        }
    }

    /** Shows the early arrivals that now follow without a gap; waits for (then reads) a missing seq. */
    private void showInOrder() {
        while (!early.isEmpty()) {
            long first = early.firstKey();
            if (first > committedSeq + 1) {
                scheduleCatchUp(GAP_WAIT_MILLIS);
                return;
            }
            Arrival a = early.pollFirstEntry().getValue();
            if (first == committedSeq + 1) {
                show(a.message(), a.posted());
            } else if (a.posted() != null) {
                arrived(a.message(), a.posted()); // shown already: ack if not yet
            }
        }
    }

    private void scheduleCatchUp(long delayMillis) {
        if (!catchUpQueued && !closed) {
            catchUpQueued = true;
            executor.schedule(this::catchUp, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Reads from the store what was committed after the last shown seq, and shows it in order. */
    private void catchUp() {
        catchUpQueued = false;
        if (closed || !open) {
            return;
        }
        int limit = hub.settings().maxReplay();
        hub.stats().clusterCatchUps.increment();
        history.readAfter(name, committedSeq, limit, executor, result -> {
            if (closed) {
                return;
            }
            if (result.error() != null) {
                hub.stats().storeErrors.increment();
                scheduleCatchUp(1000);
                return;
            }
            List<ChatMessage> found = result.value();
            if (!found.isEmpty() && found.get(0).seq() > committedSeq + 1) {
                // Not in the store (pruned by retention): nothing can fill this gap, so go on after it.
                logger.warn("room {}: seqs {}..{} are not in the store; skipping them", name, committedSeq + 1,
                        found.get(0).seq() - 1);
                committedSeq = found.get(0).seq() - 1;
            }
            for (ChatMessage m : found) {
                arrived(m, null);
            }
            if (found.size() == limit) {
                scheduleCatchUp(0);
            }
        });
    }

    /** Cluster mode: subscribes, then reads the other nodes' members and the stored seq, then opens. */
    private void startOpening() {
        if (opening) {
            return;
        }
        opening = true;
        cluster.subscribe(name)
                .thenCompose(v -> cluster.members(name))
                .whenComplete((others, error) -> Loops.run(executor, () -> {
                    if (error != null) { // Redis is away: others' members arrive when it is back
                        logger.debug("room {} opens without the cluster: {}", name, error.toString());
                    }
                    readSeqThenOpen(error == null ? others : Map.of());
                }));
    }

    private void readSeqThenOpen(Map<String, List<String>> others) {
        if (closed) {
            return;
        }
        history.readLastSeq(name, executor, result -> {
            if (closed) {
                return;
            }
            if (result.error() != null) {
                hub.stats().storeErrors.increment();
                executor.schedule(() -> readSeqThenOpen(others), 1, TimeUnit.SECONDS);
                return;
            }
            opened(result.value(), others);
        });
    }

    private void opened(long storedSeq, Map<String, List<String>> others) {
        committedSeq = Math.max(committedSeq, storedSeq);
        assignedSeq = Math.max(assignedSeq, committedSeq);
        others.forEach((node, names) -> names.forEach(n -> remoteJoined(node, n)));
        if (members.isEmpty()) {
            presence.clearChanges(); // nobody to tell: joiners get the full list
        }
        open = true;
        List<Runnable> waiting = new ArrayList<>(untilOpen);
        untilOpen.clear();
        waiting.forEach(Runnable::run);
        showInOrder();
    }

    /** Cluster mode: an event from another node. */
    void remote(RemoteEvent e) {
        if (closed) {
            return;
        }
        if (e instanceof RemoteEvent.Message m) {
            arrived(m.message(), null);
        } else if (!open) {
            untilOpen.add(() -> remote(e)); // applied after the snapshot: the later word wins
        } else if (e instanceof RemoteEvent.Member m) {
            if (m.joined()) {
                remoteJoined(m.node(), m.name());
            } else {
                remoteLeft(m.node(), m.name());
            }
        } else if (e instanceof RemoteEvent.Members m) {
            replaceNode(m.node(), m.names());
        } else if (e instanceof RemoteEvent.Typing t) {
            enqueue(new Outgoing(hub.encoder().typing(name, t.name()), true, null, null));
        }
    }

    private void remoteJoined(String node, String member) {
        if (remote.add(node, member) && presence.add(member)) {
            presenceChanged();
        }
    }

    private void remoteLeft(String node, String member) {
        if (remote.remove(node, member) && presence.remove(member)) {
            lastTypingNanos.remove(member);
            presenceChanged();
        }
    }

    private void replaceNode(String node, List<String> names) {
        RemoteMembers.Diff diff = RemoteMembers.diff(remote.names(node), names);
        diff.gone().forEach(n -> remoteLeft(node, n));
        diff.added().forEach(n -> remoteJoined(node, n));
    }

    /** Cluster mode: {@code node} died — its members leave, and what it committed but never announced is read. */
    void nodeGone(String node) {
        if (closed) {
            return;
        }
        for (String member : remote.removeNode(node)) {
            if (presence.remove(member)) {
                lastTypingNanos.remove(member);
                presenceChanged();
            }
        }
        scheduleCatchUp(0);
    }

    /** Cluster mode: Redis is back — re-announce this node's members, refresh the others', catch up. */
    void reconnected() {
        if (closed || !open) {
            return;
        }
        cluster.syncMembers(name, new ArrayList<>(localNames.keySet()));
        cluster.members(name).whenComplete((others, error) -> {
            if (error == null) {
                Loops.run(executor, () -> {
                    if (!closed) {
                        for (String node : remote.nodes()) {
                            if (!others.containsKey(node)) {
                                replaceNode(node, List.of());
                            }
                        }
                        others.forEach(this::replaceNode);
                    }
                });
            }
        });
        scheduleCatchUp(0);
    }

    /** Answers a {@code history} request: up to {@code limit} messages before {@code before}, newest page first. */
    void history(Session s, Long before, int limit, String id) {
        if (!members.containsKey(s)) {
            if (!waitForJoin(s, () -> history(s, before, limit, id))) {
                s.send(hub.encoder().error(ErrorCode.NOT_MEMBER, "not a member of room " + name, id));
            }
            return;
        }
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
            if (waitForJoin(s, () -> typing(s, id))) {
                return;
            }
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
        if (cluster != null) {
            cluster.publishTyping(name, s.name());
        }
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
