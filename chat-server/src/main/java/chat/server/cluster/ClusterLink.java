package chat.server.cluster;

import chat.server.protocol.ChatMessage;
import chat.server.protocol.RoomInfo;
import chat.server.store.DirectMessage;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's link to the cluster through Redis (Lettuce): room channels subscribed while the room has local
 * members, this node's own channel for direct messages, room membership and user names in Redis sets and
 * hashes, and a heartbeat by which the nodes notice one that died. Nodes know nothing of each other but the
 * Redis URL and the cluster name.
 *
 * <p>Nothing here blocks an event loop: every call returns at once or with a {@link CompletionStage}. While Redis is unreachable {@link #available()} is {@code false}: the hub refuses new
 * messages rather than let nodes diverge; Lettuce reconnects by itself and the link then re-registers this node
 * and tells the hub ({@link ClusterListener#reconnected()}) to re-announce its members and catch up from the store.
 * Thread-safe.
 */
public final class ClusterLink implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(ClusterLink.class);
    /** How often this node refreshes its heartbeat and looks for dead nodes. */
    static final long HEARTBEAT_MILLIS = 1000;
    /** A node whose heartbeat is this old is dead: its members leave within about this plus one heartbeat. */
    static final long NODE_TTL_MILLIS = 5000;
    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final RedisAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final String node;
    private final String description;
    private final ClusterListener listener;
    /** Room channel subscriptions by how many room instances hold them (a room may close and reopen quickly). */
    private final Map<String, Integer> subscriptions = new HashMap<>();
    /** Rooms in which Redis lists members of this node: emptied again after an outage if the room closed meanwhile. */
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    /** Nodes heard from, checked for a heartbeat even after they left the registry. */
    private final Set<String> knownNodes = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private volatile boolean beating;
    /** A registration failed (Redis blinked): re-announce everything at the next heartbeat. */
    private volatile boolean resync;
    private volatile long graceUntilNanos;
    private volatile boolean closed;

    private ClusterLink(RedisClient client, StatefulRedisConnection<String, String> connection,
                        StatefulRedisPubSubConnection<String, String> pubsub, RedisKeys keys, String node,
                        String description, ClusterListener listener) {
        this.client = client;
        this.connection = connection;
        this.pubsub = pubsub;
        this.redis = connection.async();
        this.keys = keys;
        this.node = node;
        this.description = description;
        this.listener = listener;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chat-cluster");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects to Redis at {@code url} as node {@code node} of cluster {@code clusterName}, and starts the heartbeat.
     *
     * @throws IllegalStateException when Redis cannot be reached (the server refuses to start clustered without it)
     */
    public static ClusterLink connect(String url, String clusterName, String node, ClusterListener listener) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(COMMAND_TIMEOUT);
        String description = "redis://" + uri.getHost() + ":" + uri.getPort() + " cluster " + clusterName;
        // Reconnect within ~2 s of Redis coming back (Lettuce's default backs off up to 30 s).
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Fail fast while Redis is away: callers answer 'unavailable' instead of piling up commands.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        StatefulRedisConnection<String, String> connection = null;
        try {
            connection = client.connect();
            StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub();
            ClusterLink link = new ClusterLink(client, connection, pubsub, new RedisKeys(clusterName), node,
                    description, listener);
            link.start();
            return link;
        } catch (RuntimeException e) {
            if (connection != null) {
                connection.close();
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown();
            throw new IllegalStateException("cannot join the cluster through " + description + ": " + e.getMessage(), e);
        }
    }

    private void start() {
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                onMessage(channel, message);
            }
        });
        pubsub.sync().subscribe(keys.nodeChannel(node));
        beat(); // registers this node before the first room opens
        timer.scheduleWithFixedDelay(this::beat, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        logger.info("joined {} as node {}", description, node);
    }

    public String nodeId() {
        return node;
    }

    public String describe() {
        return description;
    }

    /** Whether Redis is reachable: new messages are refused with {@code unavailable} while it is not. */
    public boolean available() {
        return beating && connection.isOpen() && pubsub.isOpen();
    }

    // ---- rooms

    /** Subscribes to {@code room}'s events; completes when Redis confirmed (exceptionally while it is away). */
    public CompletionStage<Void> subscribe(String room) {
        boolean first;
        synchronized (subscriptions) {
            first = subscriptions.merge(room, 1, Integer::sum) == 1;
        }
        if (!first) {
            return CompletableFuture.completedFuture(null);
        }
        return pubsub.async().subscribe(keys.roomChannel(room)).toCompletableFuture().whenComplete((v, error) -> {
            if (error != null) {
                resync = true; // subscribed again at the next heartbeat that reaches Redis
            }
        });
    }

    /** Drops one hold on {@code room}'s channel; unsubscribes when it was the last. */
    public void unsubscribe(String room) {
        boolean last;
        synchronized (subscriptions) {
            Integer n = subscriptions.get(room);
            last = n != null && n == 1;
            if (last) {
                subscriptions.remove(room);
            } else if (n != null) {
                subscriptions.put(room, n - 1);
            }
        }
        if (last) {
            pubsub.async().unsubscribe(keys.roomChannel(room)).exceptionally(e -> null);
        }
    }

    /** Returns the names each other node has in {@code room}. */
    public CompletionStage<Map<String, List<String>>> members(String room) {
        String[] k = {keys.roomNodes(room)};
        return redis.<List<Object>>eval(Scripts.MEMBERS, ScriptOutputType.MULTI, k, keys.roomMembers(room, ""))
                .thenApply(flat -> {
                    Map<String, List<String>> out = new HashMap<>();
                    for (int i = 0; i + 1 < flat.size(); i += 2) {
                        String n = String.valueOf(flat.get(i));
                        if (!n.equals(node)) {
                            List<String> names = new ArrayList<>();
                            for (Object o : (List<?>) flat.get(i + 1)) {
                                names.add(String.valueOf(o));
                            }
                            out.put(n, names);
                            knownNodes.add(n);
                        }
                    }
                    return out;
                });
    }

    /** Announces a durable message to the other nodes with members in its room. */
    public void publishMessage(ChatMessage m) {
        redis.publish(keys.roomChannel(m.room()), ClusterCodec.message(node, m)).exceptionally(e -> {
            logger.debug("could not publish {}#{}: {} (other nodes catch up from the store)", m.room(), m.seq(), e.toString());
            return null;
        });
    }

    public void publishTyping(String room, String name) {
        redis.publish(keys.roomChannel(room), ClusterCodec.typing(node, name)).exceptionally(e -> null);
    }

    /** {@code name} got its first connection to {@code room} on this node. */
    public void memberJoined(String room, String name) {
        announced.add(room);
        redis.eval(Scripts.JOIN, ScriptOutputType.INTEGER, memberKeys(room),
                        node, room, name, keys.roomChannel(room), ClusterCodec.member(node, name, true))
                .exceptionally(this::resyncLater);
    }

    /** {@code name} lost its last connection to {@code room} on this node. */
    public void memberLeft(String room, String name) {
        redis.<Long>eval(Scripts.LEAVE, ScriptOutputType.INTEGER, memberKeys(room),
                        node, room, name, keys.roomChannel(room), ClusterCodec.member(node, name, false))
                .thenAccept(left -> {
                    if (left != null && left == 0) {
                        announced.remove(room);
                    }
                })
                .exceptionally(this::resyncLater);
    }

    /** Replaces the names Redis and the other nodes know for this node in {@code room} (after an outage). */
    public void syncMembers(String room, List<String> names) {
        List<String> args = new ArrayList<>(List.of(node, room, keys.roomChannel(room), ClusterCodec.members(node, names)));
        args.addAll(names);
        redis.eval(Scripts.SYNC, ScriptOutputType.INTEGER, memberKeys(room), args.toArray(new String[0]))
                .thenAccept(ok -> {
                    if (names.isEmpty()) {
                        announced.remove(room);
                    } else {
                        announced.add(room);
                    }
                })
                .exceptionally(this::resyncLater);
    }

    /** A registration did not reach Redis: the next heartbeat re-announces this node's names and members. */
    private <T> T resyncLater(Throwable error) {
        resync = true;
        return null;
    }

    private String[] memberKeys(String room) {
        return new String[]{keys.roomMembers(room, node), keys.roomNodes(room), keys.nodeRooms(node), keys.rooms()};
    }

    /** Returns every room with members on any node and its count of distinct names, sorted by name. */
    public CompletionStage<List<RoomInfo>> rooms() {
        return redis.<List<Object>>eval(Scripts.ROOMS, ScriptOutputType.MULTI, new String[]{keys.rooms()}, keys.prefix)
                .thenApply(flat -> {
                    List<RoomInfo> out = new ArrayList<>();
                    for (int i = 0; i + 1 < flat.size(); i += 2) {
                        out.add(new RoomInfo(String.valueOf(flat.get(i)), ((Number) flat.get(i + 1)).intValue()));
                    }
                    out.sort(Comparator.comparing(RoomInfo::name));
                    return out;
                });
    }

    // ---- names and direct messages

    /**
     * Claims {@code name} cluster-wide for one connection: {@code exclusive} for an anonymous name (completes with
     * {@code false} when any node has it), shared for an authenticated user's tabs. Never blocks. While Redis is away
     * (or does not answer within {@link #CLAIM_TIMEOUT}) it completes with {@code true}: the name is then unique on
     * this node only, and registered when Redis returns.
     */
    public CompletionStage<Boolean> claimName(String name, boolean exclusive) {
        if (!available()) {
            return CompletableFuture.completedFuture(true);
        }
        return redis.<Long>eval(Scripts.CLAIM, ScriptOutputType.INTEGER, nameKeys(name),
                        node, RedisKeys.lower(name), exclusive ? "x" : "s", "1")
                .toCompletableFuture()
                .thenApply(ok -> ok != null && ok == 1)
                .completeOnTimeout(true, CLAIM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    logger.warn("could not claim name {} in Redis ({}); unique on this node only until Redis answers",
                            name, e.toString());
                    return true;
                });
    }

    /** Releases one connection's hold on {@code name}. */
    public void releaseName(String name) {
        redis.eval(Scripts.RELEASE, ScriptOutputType.INTEGER, nameKeys(name), node, RedisKeys.lower(name))
                .exceptionally(this::resyncLater); // a name left behind would block it: restore the true list
    }

    /** Replaces the names Redis holds for this node with {@code connections} (name → connections here). */
    public void restoreNames(Map<String, Integer> connections) {
        List<String> args = new ArrayList<>(List.of(keys.prefix, node));
        connections.forEach((name, n) -> {
            args.add(RedisKeys.lower(name));
            args.add(Integer.toString(n));
        });
        redis.eval(Scripts.RESTORE_NAMES, ScriptOutputType.INTEGER, new String[]{keys.nodeUsers(node)},
                args.toArray(new String[0])).exceptionally(this::resyncLater);
    }

    private String[] nameKeys(String name) {
        return new String[]{keys.user(name), keys.nodeUsers(node)};
    }

    /** Returns the other nodes where {@code name} is connected. */
    public CompletionStage<List<String>> userNodes(String name) {
        return redis.hkeys(keys.user(name)).thenApply(nodes -> {
            List<String> out = new ArrayList<>(nodes);
            out.remove(node);
            return out;
        });
    }

    /** Hands a durable direct message to {@code toNode} for its connections of the recipient. */
    public void sendDirect(String toNode, DirectMessage d) {
        redis.publish(keys.nodeChannel(toNode), ClusterCodec.direct(node, d)).exceptionally(e -> null);
    }

    // ---- events in

    private void onMessage(String channel, String message) {
        try {
            if (channel.equals(keys.nodeChannel(node))) {
                if (ClusterCodec.parse(message, null) instanceof RemoteEvent.Direct d) {
                    listener.direct(d);
                }
                return;
            }
            String room = keys.roomOf(channel);
            if (room == null || ClusterCodec.isFrom(message, node)) {
                return; // our own announcement, echoed back: not even parsed
            }
            RemoteEvent e = ClusterCodec.parse(message, room);
            knownNodes.add(e.node());
            listener.roomEvent(room, e);
        } catch (RuntimeException e) {
            logger.warn("dropped a bad event on {}: {}", channel, e.toString());
        }
    }

    // ---- heartbeat and failure detection

    /** Refreshes the heartbeat; notices Redis coming back (or having forgotten us) and nodes that died. */
    private void beat() {
        if (closed) {
            return;
        }
        try {
            Long existed = redis.<Long>eval(Scripts.HEARTBEAT, ScriptOutputType.INTEGER,
                            new String[]{keys.alive(node), keys.nodes()}, node, Long.toString(NODE_TTL_MILLIS))
                    .get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            boolean wasBeating = beating;
            if (!wasBeating || existed == null || existed == 0) {
                resync = false;
                recovered(wasBeating);
            } else if (resync) {
                resync = false;
                resubscribe();
                listener.reconnected(); // idempotent: full lists replace what Redis and the other nodes hold
            }
            findDeadNodes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (beating) {
                logger.error("lost Redis ({}): {}; new messages get 'unavailable' until it is back", description, e.toString());
            }
            beating = false;
        }
    }

    private void recovered(boolean wasBeating) {
        boolean first = graceUntilNanos == 0;
        // Other nodes need a heartbeat or two to register again: don't take them for dead meanwhile.
        graceUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(NODE_TTL_MILLIS + HEARTBEAT_MILLIS);
        if (first) {
            beating = true;
            return;
        }
        logger.info("Redis ({}) is back{}; re-registering this node", description,
                wasBeating ? " but had forgotten this node" : "");
        resubscribe();
        for (String room : announced) {
            boolean open;
            synchronized (subscriptions) {
                open = subscriptions.containsKey(room);
            }
            if (!open) {
                syncMembers(room, List.of()); // closed during the outage: nobody here any more
            }
        }
        beating = true;
        listener.reconnected();
    }

    /**
     * Subscribes again to this node's channel and every room channel it holds: Lettuce resubscribes what it had
     * by itself, but not what was refused while Redis was away (a room opened meanwhile). SUBSCRIBE is idempotent.
     */
    private void resubscribe() {
        List<String> channels = new ArrayList<>();
        channels.add(keys.nodeChannel(node));
        synchronized (subscriptions) {
            subscriptions.keySet().forEach(room -> channels.add(keys.roomChannel(room)));
        }
        pubsub.async().subscribe(channels.toArray(new String[0])).exceptionally(this::resyncLater);
    }

    private void findDeadNodes() throws Exception {
        if (System.nanoTime() - graceUntilNanos < 0) {
            return;
        }
        List<String> args = new ArrayList<>(List.of(keys.prefix, node));
        args.addAll(knownNodes);
        List<Object> dead = redis.<List<Object>>eval(Scripts.DEAD, ScriptOutputType.MULTI, new String[0],
                args.toArray(new String[0])).get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        for (Object o : dead) {
            String gone = String.valueOf(o);
            logger.warn("node {} stopped heartbeating; its members leave", gone);
            redis.eval(Scripts.REAP, ScriptOutputType.INTEGER, new String[0], keys.prefix, gone)
                    .get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            knownNodes.remove(gone);
            listener.nodeGone(gone);
        }
    }

    /** Leaves the cluster: this node's members and names go at once (not after the heartbeat expires). */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        try {
            redis.del(keys.alive(node)).get(2, TimeUnit.SECONDS);
            redis.eval(Scripts.REAP, ScriptOutputType.INTEGER, new String[0], keys.prefix, node).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            logger.debug("could not deregister from Redis: {}", e.toString());
        }
        pubsub.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        client.getResources().shutdown();
    }
}
