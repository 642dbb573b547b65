package chat.server;

import chat.assets.StaticAssets;
import chat.assets.StaticFileHandler;
import chat.server.auth.Authenticator;
import chat.server.history.HistoryService;
import chat.server.http.ClientApi;
import chat.server.http.Health;
import chat.server.http.HttpRouter;
import chat.server.hub.Hub;
import chat.server.hub.HubSettings;
import chat.server.hub.Session;
import chat.server.metrics.ServerMetrics;
import chat.server.perimeter.ConnectionLimits;
import chat.server.perimeter.OriginPolicy;
import chat.server.perimeter.TrustedProxies;
import chat.server.perimeter.UpgradeGuard;
import chat.server.pipeline.ChatServerInitializer;
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
    private boolean closed;

    private ChatServer(ServerConfig config, Transport transport, EventLoopGroup group, Hub hub, Health health,
                       Channel serverChannel, AuthSetup auth, ServerMetrics metrics) {
        this.config = config;
        this.transport = transport;
        this.group = group;
        this.hub = hub;
        this.health = health;
        this.serverChannel = serverChannel;
        this.auth = auth;
        this.metrics = metrics;
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
        HistoryService history = startHistory(config, store, stats);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.threads(), transport.ioHandlerFactory());
        AuthSetup auth = null;
        ServerMetrics metrics = null;
        try {
            String version = Version.current();
            ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
            Hub hub = new Hub(group, new EventEncoder(alloc, version), stats, history, new HubSettings(
                    config.recentMessages(), config.joinedHistory(), config.maxReplay(), config.outboundLimit() / 4,
                    config.flushInterval(), config.outboundHighWater() / 2, config.privateRoomPrefix()));
            Health health = new Health(() -> hub.sessions().size(), history, version);
            TrustedProxies proxies = TrustedProxies.of(config.trustedProxies());
            auth = AuthSetup.of(config, store, proxies);
            Authenticator authenticator = auth.authenticator();
            metrics = config.metrics() ? new ServerMetrics(stats, hub, history) : null;
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
                                    metrics == null ? null : metrics::scrape, clientApi(config, version, hub, stats)),
                            new StaticFileHandler(new StaticAssets())));
            Channel channel = bootstrap.bind(config.host(), config.port()).sync().channel();
            ChatServer server = new ChatServer(config, transport, group, hub, health, channel, auth, metrics);
            logger.info("chat-server {} listening on {}:{} (transport {}, {} event loops, store {})",
                    version, config.host(), server.port(), transport.name(), config.threads(), history.describe());
            return server;
        } catch (Throwable t) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (auth != null) {
                auth.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            history.close();
            throw t;
        }
    }

    /** Reads existing counters only (the same ones {@code /metrics} reads); nothing new is counted per message. */
    private static ClientApi clientApi(ServerConfig config, String version, Hub hub, ServerStats stats) {
        return new ClientApi(config.auth(), version, () -> new ClientApi.Counters(hub.sessions().size(),
                hub.roomList().size(), stats.messagesPosted.sum(), stats.deliveries.sum(), stats.connectionsOpened.sum()));
    }

    private static HistoryService startHistory(ServerConfig config, HistoryStore store, ServerStats stats)
            throws StoreException {
        try {
            return HistoryService.start(store, config.storeQueue(), config.storeBatch(), config.storeMaxWait().toNanos(),
                    (messages, nanos) -> {
                        stats.storeCommits.increment();
                        stats.storeCommittedMessages.add(messages);
                        stats.storeCommitNanos.add(nanos);
                    }).retain(config.retainDays(), config.retainMessages());
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
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        auth.close();
        if (metrics != null) {
            metrics.close();
        }
        hub.history().close();
        logger.info("stopped");
    }
}
