package chat.server.metrics;

import chat.server.KeyedCounters;
import chat.server.LatencyRecorder;
import chat.server.ServerStats;
import chat.server.history.HistoryService;
import chat.server.hub.Hub;
import chat.server.protocol.RoomInfo;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Prometheus view of the server ({@code GET /metrics}). Counting stays where it is — the lock-free
 * {@link LongAdder}s of {@link ServerStats} on the hot path — and this class only <em>reads</em> them when
 * scraped (function counters and gauges). The two latency histograms are the exception: their timers are
 * recorded on the hot path, once per message per shard flush and once per store batch. Micrometer's
 * Prometheus timer records with two {@code LongAdder}s, a CAS on the max and an {@code AtomicLongArray}
 * increment on the bucket: lock-free (its histogram's lock is taken only when it rotates, which a
 * Prometheus histogram, cumulative, does not do in practice). Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Renders scrapes, so that no event loop spends milliseconds on one. */
    private final ExecutorService renderer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chat-metrics-scrape");
        t.setDaemon(true);
        return t;
    });

    public ServerMetrics(ServerStats stats, Hub hub, HistoryService history) {
        MeterRegistry r = registry;
        counter(r, "chat.connections.opened", "WebSocket sessions opened", stats.connectionsOpened);
        keyed(r, "chat.connections.closed", "WebSocket sessions closed, by close code (1006: no close frame)", "code",
                stats.closesByCode);
        counter(r, "chat.messages.in", "frames received from clients", stats.messagesIn);
        keyed(r, "chat.requests", "requests decoded, by type", "type", stats.requestsIn);
        keyed(r, "chat.events.out", "events encoded, by type (a broadcast counts once; see chat.deliveries)", "type",
                stats.eventsOut);
        counter(r, "chat.messages.posted", "room messages committed and fanned out", stats.messagesPosted);
        counter(r, "chat.deliveries", "room messages delivered to recipients", stats.deliveries);
        counter(r, "chat.ephemeral.dropped", "typing/presence events dropped for backed-up connections", stats.ephemeralDropped);
        counter(r, "chat.slow.consumer.closes", "connections closed with 1013 past the outbound limit", stats.slowConsumerCloses);
        counter(r, "chat.rate.limited", "requests refused by the rate limit", stats.rateLimited);
        counter(r, "chat.abuse.closes", "connections closed with 1008 for sustained rate abuse", stats.abuseCloses);
        counter(r, "chat.bad.requests", "requests answered with an error", stats.badRequests);
        counter(r, "chat.origin.rejected", "upgrades refused for their Origin", stats.originRejected);
        counter(r, "chat.auth.failures", "upgrades or refreshes refused for their credential", stats.authFailures);
        counter(r, "chat.connection.limit.rejected", "upgrades refused by a connection cap", stats.connectionLimitRejected);
        counter(r, "chat.http.malformed", "HTTP requests the codec could not parse", stats.badHttpRequests);
        counter(r, "chat.store.rejected", "messages refused because the store queue was full", stats.storeRejected);
        counter(r, "chat.store.errors", "failed store reads", stats.storeErrors);
        counter(r, "chat.store.commits", "store transactions committed", stats.storeCommits);
        counter(r, "chat.store.committed.messages", "messages committed to the store", stats.storeCommittedMessages);
        FunctionCounter.builder("chat.store.commit.seconds", stats.storeCommitNanos, a -> a.sum() / 1e9)
                .description("time spent committing store batches").register(r);

        Gauge.builder("chat.connections", hub, h -> h.sessions().size()).description("open WebSocket sessions").register(r);
        Gauge.builder("chat.rooms", hub, h -> h.roomList().size()).description("non-empty rooms").register(r);
        Gauge.builder("chat.members", hub, h -> h.roomList().stream().mapToInt(RoomInfo::members).sum())
                .description("room memberships (a connection in 3 rooms counts 3)").register(r);
        Gauge.builder("chat.store.queue", history, HistoryService::queued).description("messages waiting to be stored").register(r);
        Gauge.builder("chat.store.up", history, h -> h.healthy() ? 1 : 0).description("1 when the store answers").register(r);
        Gauge.builder("netty.allocator.direct.used", PooledByteBufAllocator.DEFAULT, a -> a.metric().usedDirectMemory())
                .baseUnit("bytes").description("direct memory held by Netty's pooled allocator").register(r);
        Gauge.builder("netty.allocator.heap.used", PooledByteBufAllocator.DEFAULT, a -> a.metric().usedHeapMemory())
                .baseUnit("bytes").description("heap memory held by Netty's pooled allocator").register(r);
        Gauge.builder("netty.direct.memory.used", PlatformDependent::usedDirectMemory).baseUnit("bytes")
                .description("direct memory Netty allocated itself (-1: not tracked; then see jvm_buffer_memory_used_bytes)")
                .register(r);
        Gauge.builder("netty.direct.memory.max", PlatformDependent::maxDirectMemory).baseUnit("bytes")
                .description("direct memory Netty may allocate").register(r);

        stats.deliveryLatency = recorder(deliveryTimer(r));
        stats.storeCommitLatency = recorder(Timer.builder("chat.store.commit.duration")
                .description("one store batch commit (group commit transaction)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(r));

        if (hub.cluster() != null) { // cluster mode
            Gauge.builder("chat.cluster.redis.up", hub.cluster(), c -> c.available() ? 1 : 0)
                    .description("1 while Redis is reachable (else new messages get 'unavailable')").register(r);
            counter(r, "chat.cluster.published", "room messages announced to the other nodes", stats.clusterPublished);
            counter(r, "chat.cluster.received", "room messages announced by other nodes", stats.clusterReceived);
            counter(r, "chat.cluster.catchups", "store reads filling a gap in a room's order", stats.clusterCatchUps);
            counter(r, "chat.cluster.nodes.gone", "other nodes found dead (heartbeat expired)", stats.clusterNodesGone);
        }

        new JvmMemoryMetrics().bindTo(r);
        gc.bindTo(r);
        new JvmThreadMetrics().bindTo(r);
        new ClassLoaderMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
        new UptimeMetrics().bindTo(r);
    }

    private static void counter(MeterRegistry r, String name, String description, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(r);
    }

    /** One counter per key, as a label: {@code name_total{tag="key"}}. */
    private static void keyed(MeterRegistry r, String name, String description, String tag, KeyedCounters counters) {
        counters.all().forEach((key, adder) ->
                FunctionCounter.builder(name, adder, LongAdder::sum).description(description).tag(tag, key).register(r));
    }

    /** The delivery latency histogram (public for the JMH benchmark of its recording cost). */
    public static Timer deliveryTimer(MeterRegistry r) {
        return Timer.builder("chat.delivery.latency")
                .description("message accepted by its room (ts) to written and flushed to a shard's members; per message "
                        + "per shard flush, 1 ms resolution")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(r);
    }

    /** Adapts a timer to the hot path's recorder interface. */
    public static LatencyRecorder recorder(Timer timer) {
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The registry, for meters registered elsewhere (cluster state). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Returns the Prometheus text exposition of every metric (milliseconds: call it from {@link #renderer()}). */
    public String scrape() {
        return registry.scrape();
    }

    /** The thread scrapes are rendered on. */
    public Executor renderer() {
        return renderer;
    }

    @Override
    public void close() {
        renderer.shutdownNow();
        gc.close();
        registry.close();
    }
}
