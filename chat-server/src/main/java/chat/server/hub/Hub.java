package chat.server.hub;

import chat.server.ServerStats;
import chat.server.auth.Identity;
import chat.server.cluster.ClusterLink;
import chat.server.cluster.ClusterListener;
import chat.server.cluster.RemoteEvent;
import chat.server.history.HistoryService;
import chat.server.store.DirectMessage;
import chat.server.protocol.ErrorCode;
import chat.server.protocol.EventEncoder;
import chat.server.protocol.RoomInfo;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of rooms and connected users. Lookups are lock-free ({@link ConcurrentHashMap}); each
 * room's state lives on the event loop chosen for it, and the hub only routes calls there.
 * Any thread may call the public methods.
 *
 * <p>In cluster mode ({@link #attach}) names are claimed cluster-wide, direct messages reach users on other
 * nodes, the room list is the cluster's, and events from other nodes ({@link ClusterListener}) are routed to
 * the rooms that have local members.
 */
public final class Hub implements ClusterListener {
    /** Most member names a {@code joined} reply lists; {@code memberCount} always gives the total. */
    static final int JOINED_MEMBERS = 500;

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final NameRegistry names = new NameRegistry();
    private final ChannelGroup sessions = new DefaultChannelGroup("chat-sessions", GlobalEventExecutor.INSTANCE, true);
    private final EventLoop[] loops;
    private final EventEncoder encoder;
    private final ServerStats stats;
    private final HistoryService history;
    private final HubSettings settings;
    private final PrivateRooms privateRooms;
    /** Set once, before the server accepts connections; {@code null} on a single node. */
    private volatile ClusterLink cluster;

    public Hub(EventLoopGroup group, EventEncoder encoder, ServerStats stats, HistoryService history,
               HubSettings settings) {
        List<EventLoop> list = new ArrayList<>();
        for (EventExecutor e : group) {
            list.add((EventLoop) e);
        }
        this.loops = list.toArray(new EventLoop[0]);
        this.encoder = encoder;
        this.stats = stats;
        this.history = history;
        this.settings = settings;
        this.privateRooms = new PrivateRooms(settings.privateRoomPrefix());
    }

    /**
     * Returns whether {@code name} may join {@code room}: a token's {@code rooms} claim must allow it, and a
     * private room needs an invitation (or the claim naming it, or being its creator).
     */
    public boolean mayJoin(String name, Identity identity, String room) {
        if (identity != null && !identity.mayJoin(room)) {
            return false;
        }
        boolean claimed = identity != null && identity.rooms() != null && identity.rooms().contains(room);
        return claimed || privateRooms.mayJoin(room, name);
    }

    /**
     * Invites {@code name} to private {@code room} on behalf of member {@code from}; both are told with an
     * {@code invited} event. Call on {@code from}'s event loop.
     */
    public void invite(Session from, String room, String name, String id) {
        if (!privateRooms.isPrivate(room)) {
            from.send(encoder.error(ErrorCode.BAD_REQUEST, "room " + room + " is not private: anyone may join it", id));
            return;
        }
        privateRooms.invite(room, name);
        ByteBuf news = encoder.invited(room, name, from.name(), null);
        for (Channel ch : names.find(name)) {
            Session s = Session.of(ch);
            if (s != null && s != from) {
                s.send(news.retainedDuplicate());
            }
        }
        news.release();
        from.send(encoder.invited(room, name, from.name(), id));
    }

    /** Joins the cluster through {@code link} (cluster mode). Call before the server accepts connections. */
    public void attach(ClusterLink link) {
        this.cluster = link;
    }

    /** Returns the cluster link, or {@code null} on a single node. */
    public ClusterLink cluster() {
        return cluster;
    }

    HubSettings settings() {
        return settings;
    }

    public HistoryService history() {
        return history;
    }

    public EventEncoder encoder() {
        return encoder;
    }

    public ServerStats stats() {
        return stats;
    }

    /**
     * Returns the unique name {@code channel} gets when asking for {@code wanted}, unique on this node; release it
     * with {@link #unregister}. In cluster mode use {@link #claimNameInCluster} first (the upgrade does, see
     * {@code NameClaimHandler}); this is the fallback, registered in Redis without an exclusivity check.
     */
    public String claimName(String wanted, Channel channel) {
        String name = names.claim(wanted, channel);
        ClusterLink link = cluster;
        if (link != null) {
            link.claimName(name, false);
        }
        return name;
    }

    /**
     * Cluster mode: claims the first of {@code wanted}, {@code wanted-2}, … that is free on this node and then in the
     * whole cluster, without blocking; completes with the name (any thread). On a single node: at once.
     */
    public CompletionStage<String> claimNameInCluster(String wanted, Channel channel) {
        ClusterLink link = cluster;
        if (link == null) {
            return CompletableFuture.completedFuture(names.claim(wanted, channel));
        }
        return claimFrom(wanted, 1, channel, link);
    }

    private CompletionStage<String> claimFrom(String wanted, int from, Channel channel, ClusterLink link) {
        for (int n = from; ; n++) { // free here first (cheap), then in the whole cluster
            String candidate = n == 1 ? wanted : wanted + '-' + n;
            if (names.tryClaim(candidate, channel)) {
                int next = n + 1;
                return link.claimName(candidate, true).thenCompose(ok -> {
                    if (ok) {
                        return CompletableFuture.completedFuture(candidate);
                    }
                    names.release(candidate, channel); // another node has it
                    return claimFrom(wanted, next, channel, link);
                });
            }
        }
    }

    /** Registers {@code channel} as one more connection of authenticated user {@code name}. */
    public void shareName(String name, Channel channel) {
        names.share(name, channel);
        ClusterLink link = cluster;
        if (link != null) {
            link.claimName(name, false); // shared: always granted, nothing to wait for
        }
    }

    /** Releases a name claimed for a connection that never became a session. */
    public void releaseName(String name, Channel channel) {
        if (names.release(name, channel) && cluster != null) {
            cluster.releaseName(name);
        }
    }

    /** Adds a session to the registry of live connections (closed channels leave it by themselves). */
    public void register(Session s) {
        sessions.add(s.channel());
    }

    /** Takes a closed session out of every room and frees its name. Call on the session's event loop. */
    public void unregister(Session s) {
        for (String room : s.rooms()) {
            Room r = rooms.get(room);
            if (r != null) {
                onRoomExecutor(r, () -> r.leave(s));
            }
        }
        s.rooms().clear();
        releaseName(s.name(), s.channel());
    }

    /** Joins {@code s} to {@code room}, creating it on first join. Call on the session's event loop. */
    public void join(Session s, String room, Long since) {
        s.addRoom(room);
        Room r = rooms.computeIfAbsent(room, this::newRoom);
        onRoomExecutor(r, () -> {
            if (!r.join(s, since)) {
                // The room emptied and closed meanwhile: join its successor, from the session's own loop.
                Loops.run(s.loop(), () -> {
                    if (s.rooms().contains(room)) {
                        join(s, room, since);
                    }
                });
            }
        });
    }

    /** Removes {@code s} from {@code room}. Call on the session's event loop. */
    public void leave(Session s, String room) {
        s.rooms().remove(room);
        Room r = rooms.get(room);
        if (r != null) {
            onRoomExecutor(r, () -> r.leave(s));
        }
    }

    /** Posts a chat message from {@code s} to {@code room}. */
    public void post(Session s, String room, String text, String id) {
        Room r = rooms.get(room);
        if (r == null) {
            s.send(encoder.error(ErrorCode.NOT_MEMBER, "not a member of room " + room, id));
            return;
        }
        onRoomExecutor(r, () -> r.post(s, text, id));
    }

    /** Tells the other members of {@code room} that {@code s} is typing (throttled per user). */
    public void typing(Session s, String room, String id) {
        Room r = rooms.get(room);
        if (r == null) {
            s.send(encoder.error(ErrorCode.NOT_MEMBER, "not a member of room " + room, id));
            return;
        }
        onRoomExecutor(r, () -> r.typing(s, id));
    }

    /**
     * Sends a direct message to every connection of the user named {@code to} (matched case-insensitively); the sender gets
     * an {@code ack}, or {@code no_such_user} when nobody by that name is connected.
     */
    public void direct(Session from, String to, String text, String id) {
        List<Session> targets = localSessions(to);
        ClusterLink link = cluster;
        if (link == null) {
            sendDirect(from, to, text, id, targets, List.of());
            return;
        }
        if (!link.available()) {
            from.send(encoder.error(ErrorCode.UNAVAILABLE, "the cluster link (Redis) is down; retry", id));
            return;
        }
        link.userNodes(to).whenComplete((nodes, error) -> Loops.run(from.loop(), () -> {
            if (error != null) {
                from.send(encoder.error(ErrorCode.UNAVAILABLE, "the cluster link (Redis) is down; retry", id));
            } else {
                sendDirect(from, to, text, id, targets, nodes);
            }
        }));
    }

    /** Stores a direct message, then hands it to the recipient's local connections and to {@code otherNodes}. */
    private void sendDirect(Session from, String to, String text, String id, List<Session> targets,
                            List<String> otherNodes) {
        if (targets.isEmpty() && otherNodes.isEmpty()) {
            from.send(encoder.error(ErrorCode.NO_SUCH_USER, "no user named " + to + " is connected", id));
            return;
        }
        long ts = System.currentTimeMillis();
        DirectMessage dm = new DirectMessage(0, ts, from.name(), targets.isEmpty() ? to : targets.get(0).name(), text);
        boolean queued = history.store(dm, from.loop(), () -> {
            deliverDirect(dm, targets);
            for (String node : otherNodes) {
                cluster.sendDirect(node, dm);
            }
            from.send(encoder.directAck(id, dm.to(), dm.ts()));
        });
        if (!queued) {
            stats.storeRejected.increment();
            from.send(encoder.error(ErrorCode.UNAVAILABLE, "the history store is busy or down; retry", id));
        }
    }

    private List<Session> localSessions(String name) {
        List<Session> out = new ArrayList<>();
        for (Channel ch : names.find(name)) {
            Session s = Session.of(ch);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private void deliverDirect(DirectMessage dm, List<Session> targets) {
        if (targets.isEmpty()) {
            return;
        }
        ByteBuf frame = encoder.direct(dm.from(), dm.to(), dm.text(), dm.ts());
        for (Session target : targets) { // every connection (tab) of the recipient
            target.send(frame.retainedDuplicate());
        }
        frame.release();
    }

    /** Answers a {@code history} request for {@code room}. */
    public void history(Session s, String room, Long before, int limit, String id) {
        Room r = rooms.get(room);
        if (r == null) {
            s.send(encoder.error(ErrorCode.NOT_MEMBER, "not a member of room " + room, id));
            return;
        }
        onRoomExecutor(r, () -> r.history(s, before, limit, id));
    }

    /** Answers a {@code rooms} request: this node's rooms, or in cluster mode the cluster's. */
    public void listRooms(Session s) {
        ClusterLink link = cluster;
        if (link == null || !link.available()) {
            s.send(encoder.rooms(roomList())); // without Redis: what this node knows
            return;
        }
        link.rooms().whenComplete((list, error) -> s.send(encoder.rooms(error == null ? list : roomList())));
    }

    /** Returns every non-empty room with its member count, sorted by name (this node's view). */
    public List<RoomInfo> roomList() {
        List<RoomInfo> out = new ArrayList<>();
        for (Room r : rooms.values()) {
            int n = r.memberCount();
            if (n > 0) {
                out.add(new RoomInfo(r.name(), n));
            }
        }
        out.sort(Comparator.comparing(RoomInfo::name));
        return out;
    }

    /** Returns the live WebSocket connections (for counts and shutdown). */
    public ChannelGroup sessions() {
        return sessions;
    }

    void roomClosed(Room r) {
        rooms.remove(r.name(), r);
    }

    private Room newRoom(String name) {
        EventLoop executor = loops[Math.floorMod(name.hashCode(), loops.length)];
        return new Room(name, executor, this, history, settings.recentMessages(), cluster);
    }

    // ---- events from the cluster (Lettuce's or the link's thread)

    @Override
    public void roomEvent(String room, RemoteEvent event) {
        if (event instanceof RemoteEvent.Message) {
            stats.clusterReceived.increment();
        }
        Room r = rooms.get(room);
        if (r != null) {
            onRoomExecutor(r, () -> r.remote(event));
        }
    }

    @Override
    public void direct(RemoteEvent.Direct event) {
        DirectMessage dm = event.direct();
        List<Session> targets = localSessions(dm.to());
        if (!targets.isEmpty()) {
            Loops.run(targets.get(0).loop(), () -> deliverDirect(dm, targets));
        }
    }

    @Override
    public void nodeGone(String node) {
        stats.clusterNodesGone.increment();
        for (Room r : rooms.values()) {
            onRoomExecutor(r, () -> r.nodeGone(node));
        }
    }

    @Override
    public void reconnected() {
        ClusterLink link = cluster;
        if (link == null) {
            return;
        }
        java.util.Map<String, Integer> connected = new java.util.HashMap<>();
        names.forEach(connected::put);
        link.restoreNames(connected);
        for (Room r : rooms.values()) {
            onRoomExecutor(r, r::reconnected);
        }
    }

    private static void onRoomExecutor(Room r, Runnable task) {
        Loops.run(r.executor(), task);
    }
}
