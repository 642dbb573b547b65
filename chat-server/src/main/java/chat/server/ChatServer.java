package chat.server;

import chat.assets.StaticAssets;
import chat.assets.StaticFileHandler;
import chat.server.auth.Authenticator;
import chat.server.cluster.ClusterLink;
import chat.server.history.HistoryService;
import chat.server.http.ClientApi;
import chat.server.http.Health;
import chat.server.http.HttpRouter;
import chat.server.http.MetricsEndpoint;
import chat.server.http.MetricsHttpHandler;
import chat.server.hub.Hub;
import chat.server.hub.HubSettings;
import chat.server.hub.Session;
import chat.server.metrics.ServerMetrics;
import chat.server.perimeter.ConnectionLimits;
import chat.server.perimeter.OriginPolicy;
import chat.server.perimeter.TrustedProxies;
import chat.server.perimeter.UpgradeGuard;
import chat.server.pipeline.ChatServerInitializer;
import chat.server.pipeline.MetricsInitializer;
import chat.server.protocol.EventEncoder;
import chat.server.store.HistoryStore;
import chat.server.store.StoreException;
import chat.server.store.Stores;
import chat.server.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A running chat server: one event loop group (accept and I/O share it, as in Netty 4.2's examples),
 * the hub, and the listening channel. {@link #start} binds; {@link #close} drains and stops.
 */
public final class ChatServer implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(ChatServer.class);

    private final ServerConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    private final Hub hub;
    private final Health health;
    private final Channel serverChannel;
    private final AuthSetup auth;
    private final ServerMetrics metrics;
    /** The {@code --metrics-port} listener, or {@code null} when metrics are served on the main port (or off). */
    private final Channel metricsChannel;
    private boolean closed;

    private ChatServer(ServerConfig config, Transport transport, EventLoopGroup group, Hub hub, Health health,
                       Channel serverChannel, AuthSetup auth, ServerMetrics metrics, Channel metricsChannel) {
        this.config = config;
        this.transport = transport;
        this.group = group;
        this.hub = hub;
        this.health = health;
        this.serverChannel = serverChannel;
        this.auth = auth;
        this.metrics = metrics;
        this.metricsChannel = metricsChannel;
    }

    /**
     * Binds and starts serving. Blocks until bound (never call it on an event loop).
     *
     * @throws java.io.IOException when the address cannot be bound (in use, not local, no permission)
     */
    public static ChatServer start(ServerConfig config) throws Exception {
        return start(config, Stores.open(config.store(), config.db(), config.dataDir(), config.maxReplay()));
    }

    /** Starts on a store opened by the caller (embedding, tests); the server closes it when it stops. */
    public static ChatServer start(ServerConfig config, HistoryStore store) throws Exception {
        Transport transport = Transport.select(config.transport());
        ServerStats stats = new ServerStats();
        HistoryService history = startHistory(config, store, stats, config.redis() != null);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.threads(), transport.ioHandlerFactory());
        AuthSetup auth = null;
        ServerMetrics metrics = null;
        ClusterLink cluster = null;
        try {
            String version = Version.current();
            ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
            Hub hub = new Hub(group, new EventEncoder(alloc, version, stats.eventsOut), stats, history, new HubSettings(
                    config.recentMessages(), config.joinedHistory(), config.maxReplay(), config.outboundLimit() / 4,
                    config.flushInterval(), config.outboundHighWater() / 2, config.privateRoomPrefix()));
            if (config.redis() != null) {
                cluster = ClusterLink.connect(config.redis(), config.clusterName(), config.nodeId(), hub);
                hub.attach(cluster);
            }
            Health health = new Health(() -> hub.sessions().size(), history, version, cluster);
            TrustedProxies proxies = TrustedProxies.of(config.trustedProxies());
            auth = AuthSetup.of(config, store, proxies);
            Authenticator authenticator = auth.authenticator();
            metrics = config.metrics() ? new ServerMetrics(stats, hub, history) : null;
            boolean metricsOnMainPort = metrics != null && config.metricsPort() == ServerConfig.METRICS_ON_MAIN_PORT;
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.ALLOCATOR, alloc)
                    .childOption(ChannelOption.ALLOCATOR, alloc)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(config.outboundHighWater() / 2, config.outboundHighWater()))
                    .childHandler(new ChatServerInitializer(config, hub, authenticator, auth.accountApi(),
                            new HttpRouter(health, new UpgradeGuard(OriginPolicy.of(config.allowedOrigins()), authenticator,
                                    new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerIp()), proxies, stats),
                                    metricsOnMainPort ? new MetricsEndpoint(metrics::scrape, metrics.renderer()) : null,
                                    clientApi(config, version, hub, stats)),
                            new StaticFileHandler(new StaticAssets()), proxies));
            Channel channel = bootstrap.bind(config.host(), config.port()).sync().channel();
            Channel metricsChannel = null;
            try {
                if (metrics != null && !metricsOnMainPort) {
                    metricsChannel = bindMetrics(config, transport, group, alloc, metrics, proxies);
                }
            } catch (Throwable t) {
                channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
                throw t;
            }
            ChatServer server = new ChatServer(config, transport, group, hub, health, channel, auth, metrics, metricsChannel);
            logger.info("chat-server {} listening on {}:{} (transport {}, {} event loops, store {}{}){}",
                    version, config.host(), server.port(), transport.name(), config.threads(), history.describe(),
                    cluster == null ? "" : ", node " + cluster.nodeId() + " of " + cluster.describe(),
                    metricsChannel == null ? "" : "; metrics on " + config.metricsHost() + ":" + server.metricsPort());
            return server;
        } catch (Throwable t) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (auth != null) {
                auth.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            history.close();
            throw t;
        }
    }

    /**
     * Binds the {@code --metrics-port} listener: its own small HTTP pipeline, on the chat server's event loops.
     *
     * @throws IllegalStateException naming the metrics address when it cannot be bound (not to be mistaken for the main port)
     */
    private static Channel bindMetrics(ServerConfig config, Transport transport, EventLoopGroup group, ByteBufAllocator alloc,
                                       ServerMetrics metrics, TrustedProxies proxies) throws InterruptedException {
        try {
            return metricsBootstrap(config, transport, group, alloc, metrics, proxies)
                    .bind(config.metricsHost(), config.metricsPort()).sync().channel();
        } catch (Exception e) { // Netty throws the bind's IOException unchecked: BindException (NIO), NativeIoException (epoll)
            if (e instanceof java.io.IOException) {
                throw new IllegalStateException("cannot listen on " + config.metricsHost() + ":" + config.metricsPort()
                        + " for --metrics-port: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static ServerBootstrap metricsBootstrap(ServerConfig config, Transport transport, EventLoopGroup group,
                                                    ByteBufAllocator alloc, ServerMetrics metrics, TrustedProxies proxies) {
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.ALLOCATOR, alloc)
                .childOption(ChannelOption.ALLOCATOR, alloc)
                .childHandler(new MetricsInitializer(new MetricsHttpHandler(new MetricsEndpoint(metrics::scrape, metrics.renderer())), proxies,
                        config.idleTimeout(), config.handshakeTimeout()));
    }

    /** Reads existing counters only (the same ones {@code /metrics} reads); nothing new is counted per message. */
    private static ClientApi clientApi(ServerConfig config, String version, Hub hub, ServerStats stats) {
        return new ClientApi(config.auth(), version, () -> new ClientApi.Counters(hub.sessions().size(),
                hub.roomList().size(), stats.messagesPosted.sum(), stats.deliveries.sum(), stats.connectionsOpened.sum()));
    }

    /** {@code numbering}: cluster mode, where the shared store assigns the seqs. */
    private static HistoryService startHistory(ServerConfig config, HistoryStore store, ServerStats stats,
                                               boolean numbering) throws StoreException {
        try {
            return HistoryService.start(store, config.storeQueue(), config.storeBatch(), config.storeMaxWait().toNanos(),
                    (messages, nanos) -> {
                        stats.storeCommits.increment();
                        stats.storeCommittedMessages.add(messages);
                        stats.storeCommitNanos.add(nanos);
                        stats.storeCommitLatency.record(nanos);
                    }, numbering).retain(config.retainDays(), config.retainMessages());
        } catch (StoreException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int port() {
        return localAddress().getPort();
    }

    /** Returns the name of the transport in use ({@code epoll}, {@code nio}, {@code io_uring}). */
    public String transportName() {
        return transport.name();
    }

    /** Returns the port of the {@code --metrics-port} listener, or -1 when there is none. */
    public int metricsPort() {
        return metricsChannel == null ? -1 : ((InetSocketAddress) metricsChannel.localAddress()).getPort();
    }

    public ServerStats stats() {
        return hub.stats();
    }

    /** Returns the hub (tests and embedding). */
    public Hub hub() {
        return hub;
    }

    /** Drains with the configured window ({@code --drain-seconds}) and stops. */
    @Override
    public void close() {
        close(config.drain());
    }

    /**
     * Stops gracefully: health turns 503 and new WebSocket upgrades are refused with 503 (the listener
     * stays open meanwhile, so load balancers see the 503 rather than a refused connection), connected
     * clients get close 1001 with a jittered reconnect hint in batches spread over {@code drainWindow},
     * then the listener and event loops stop and queued history is stored.
     * Blocks until done (bounded); call from a plain thread.
     */
    public synchronized void close(Duration drainWindow) {
        if (closed) {
            return;
        }
        closed = true;
        health.startDraining();
        int sessions = hub.sessions().size();
        logger.info("shutting down: draining {} connections over {} ms", sessions, drainWindow.toMillis());
        new Drainer(group, drainWindow).closeAll(hub.sessions(), Session::of);
        long waitMillis = drainWindow.toMillis() + config.closeTimeout().toMillis() + 1000;
        if (!hub.sessions().newCloseFuture().awaitUninterruptibly(waitMillis)) {
            logger.warn("{} connections still open after the drain window; closing them", hub.sessions().size());
            hub.sessions().close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (metricsChannel != null) {
            metricsChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS); // scrapable until the end of the drain
        }
        if (hub.cluster() != null) {
            hub.cluster().close(); // this node's members and names leave the cluster now
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        auth.close();
        if (metrics != null) {
            metrics.close();
        }
        hub.history().close();
        logger.info("stopped");
    }
}
