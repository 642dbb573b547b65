package chat.server;

import chat.server.protocol.RequestType;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lock-free counters of what the server did, for {@code /healthz}, logs and tests.
 * {@link LongAdder} keeps increments off any shared cache line on the hot path.
 */
public final class ServerStats {
    public final LongAdder connectionsOpened = new LongAdder();
    public final LongAdder connectionsClosed = new LongAdder();
    public final LongAdder messagesIn = new LongAdder();
    public final LongAdder messagesPosted = new LongAdder();
    public final LongAdder deliveries = new LongAdder();
    public final LongAdder ephemeralDropped = new LongAdder();
    public final LongAdder slowConsumerCloses = new LongAdder();
    public final LongAdder rateLimited = new LongAdder();
    public final LongAdder abuseCloses = new LongAdder();
    public final LongAdder badRequests = new LongAdder();
    public final LongAdder originRejected = new LongAdder();
    public final LongAdder authFailures = new LongAdder();
    public final LongAdder connectionLimitRejected = new LongAdder();
    public final LongAdder badHttpRequests = new LongAdder();
    public final LongAdder storeRejected = new LongAdder();
    public final LongAdder storeErrors = new LongAdder();
    /** Cluster mode: room messages this node announced through Redis. */
    public final LongAdder clusterPublished = new LongAdder();
    /** Cluster mode: room messages other nodes announced to this one. */
    public final LongAdder clusterReceived = new LongAdder();
    /** Cluster mode: reads from the store to fill a gap in a room's order (a lost or late announcement). */
    public final LongAdder clusterCatchUps = new LongAdder();
    /** Cluster mode: other nodes found dead (heartbeat expired). */
    public final LongAdder clusterNodesGone = new LongAdder();
    public final LongAdder storeCommits = new LongAdder();
    public final LongAdder storeCommittedMessages = new LongAdder();
    public final LongAdder storeCommitNanos = new LongAdder();

    /** Decoded requests by their {@code type} (frames that fail to decode count only in {@link #messagesIn}). */
    public final KeyedCounters requestsIn = new KeyedCounters(Arrays.stream(RequestType.values()).map(RequestType::wire).toList());
    /** Events encoded by type: a broadcast counts once here; {@link #deliveries} counts its recipients. */
    public final KeyedCounters eventsOut = new KeyedCounters(List.of("welcome", "joined", "message", "ack", "presence",
            "typing", "direct", "history", "rooms", "authed", "invited", "pong", "error"));
    /** Closed WebSocket sessions by close code (1006: the connection ended without a close frame). */
    public final KeyedCounters closesByCode = new KeyedCounters(List.of("1000", "1001", "1002", "1003", "1006", "1007",
            "1008", "1009", "1011", "1013"));

    /**
     * Message accepted by its room (its {@code ts}) → written and flushed to one shard's members; recorded once
     * per message per shard flush. Set by {@code ServerMetrics}; a no-op while metrics are off.
     */
    public volatile LatencyRecorder deliveryLatency = LatencyRecorder.NONE;
    /** Duration of each store batch commit (group commit transaction). Set by {@code ServerMetrics}. */
    public volatile LatencyRecorder storeCommitLatency = LatencyRecorder.NONE;
}
