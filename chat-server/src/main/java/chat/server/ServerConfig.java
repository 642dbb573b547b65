package chat.server;

import chat.server.transport.TransportKind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The server's settings, immutable and validated. Build with {@link #builder()}; every setter has the
 * default named in its constant.
 */
public final class ServerConfig {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    /** {@link #metricsPort()} when no separate metrics listener is configured. */
    public static final int METRICS_ON_MAIN_PORT = -1;
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_TEXT_LENGTH = 4096;
    public static final int DEFAULT_MAX_HTTP_BODY_BYTES = 16 * 1024;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_OUTBOUND_HIGH_WATER = 64 * 1024;
    public static final long DEFAULT_OUTBOUND_LIMIT = 1024 * 1024;
    public static final double DEFAULT_RATE = 50;
    public static final int DEFAULT_RATE_BURST = 100;
    public static final int DEFAULT_RATE_ABUSE_LIMIT = 100;
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_RECENT_MESSAGES = 100;
    public static final String DEFAULT_ROOM = "lobby";
    public static final int DEFAULT_MAX_ROOMS_PER_CONNECTION = 32;
    public static final String DEFAULT_STORE = "sqlite";
    public static final String DEFAULT_DATA_DIR = "./data";
    public static final int DEFAULT_STORE_QUEUE = 10_000;
    public static final int DEFAULT_STORE_BATCH = 256;
    public static final int DEFAULT_MAX_REPLAY = 1000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(20);
    public static final int DEFAULT_JOINED_HISTORY = 50;
    public static final int DEFAULT_MAX_CONNECTIONS = 100_000;
    public static final List<String> DEFAULT_TRUSTED_PROXIES = List.of("127.0.0.1/32", "::1/128");

    private final String host;
    private final int port;
    private final TransportKind transport;
    private final int threads;
    private final int maxFrameBytes;
    private final int maxTextLength;
    private final int maxHttpBodyBytes;
    private final Duration pingInterval;
    private final Duration idleTimeout;
    private final int outboundHighWater;
    private final long outboundLimit;
    private final double rate;
    private final int rateBurst;
    private final int rateAbuseLimit;
    private final Duration drain;
    private final Duration closeTimeout;
    private final Duration handshakeTimeout;
    private final int recentMessages;
    private final int maxRoomsPerConnection;
    private final String store;
    private final String db;
    private final Path dataDir;
    private final int storeQueue;
    private final int storeBatch;
    private final Duration storeMaxWait;
    private final int maxReplay;
    private final Duration flushInterval;
    private final int joinedHistory;
    private final int retainDays;
    private final int retainMessages;
    private final List<String> allowedOrigins;
    private final int maxConnections;
    private final int maxConnectionsPerIp;
    private final List<String> trustedProxies;
    private final boolean proxyProtocol;
    private final String auth;
    private final String jwtSecret;
    private final Path jwtPublicKey;
    private final Duration jwtClockSkew;
    private final Duration sessionTtl;
    private final String privateRoomPrefix;
    private final boolean metrics;
    private final String redis;
    private final String clusterName;
    private final String nodeId;
    private final int metricsPort;
    private final String metricsHost;
    private final Path tlsCert;
    private final Path tlsKey;

    private ServerConfig(Builder b) {
        host = b.host;
        port = b.port;
        transport = b.transport;
        threads = b.threads;
        maxFrameBytes = b.maxFrameBytes;
        maxTextLength = b.maxTextLength;
        maxHttpBodyBytes = b.maxHttpBodyBytes;
        pingInterval = b.pingInterval;
        idleTimeout = b.idleTimeout;
        outboundHighWater = b.outboundHighWater;
        outboundLimit = b.outboundLimit;
        rate = b.rate;
        rateBurst = b.rateBurst;
        rateAbuseLimit = b.rateAbuseLimit;
        drain = b.drain;
        closeTimeout = b.closeTimeout;
        handshakeTimeout = b.handshakeTimeout;
        recentMessages = b.recentMessages;
        maxRoomsPerConnection = b.maxRoomsPerConnection;
        store = b.store;
        db = b.db;
        dataDir = b.dataDir;
        storeQueue = b.storeQueue;
        storeBatch = b.storeBatch;
        storeMaxWait = b.storeMaxWait;
        maxReplay = b.maxReplay;
        flushInterval = b.flushInterval;
        joinedHistory = b.joinedHistory;
        retainDays = b.retainDays;
        retainMessages = b.retainMessages;
        allowedOrigins = b.allowedOrigins;
        maxConnections = b.maxConnections;
        maxConnectionsPerIp = b.maxConnectionsPerIp;
        trustedProxies = b.trustedProxies;
        proxyProtocol = b.proxyProtocol;
        auth = b.auth;
        jwtSecret = b.jwtSecret;
        jwtPublicKey = b.jwtPublicKey;
        jwtClockSkew = b.jwtClockSkew;
        sessionTtl = b.sessionTtl;
        privateRoomPrefix = b.privateRoomPrefix;
        metrics = b.metrics;
        redis = b.redis;
        clusterName = b.clusterName;
        nodeId = b.nodeId;
        metricsPort = b.metricsPort;
        metricsHost = b.metricsHost != null ? b.metricsHost : b.host;
        tlsCert = b.tlsCert;
        tlsKey = b.tlsKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() { return host; }
    public int port() { return port; }
    public TransportKind transport() { return transport; }
    public int threads() { return threads; }
    public int maxFrameBytes() { return maxFrameBytes; }
    public int maxTextLength() { return maxTextLength; }
    public int maxHttpBodyBytes() { return maxHttpBodyBytes; }
    public Duration pingInterval() { return pingInterval; }
    public Duration idleTimeout() { return idleTimeout; }
    public int outboundHighWater() { return outboundHighWater; }
    public long outboundLimit() { return outboundLimit; }
    public double rate() { return rate; }
    public int rateBurst() { return rateBurst; }
    public int rateAbuseLimit() { return rateAbuseLimit; }
    public Duration drain() { return drain; }
    public Duration closeTimeout() { return closeTimeout; }
    public Duration handshakeTimeout() { return handshakeTimeout; }
    public int recentMessages() { return recentMessages; }
    public String defaultRoom() { return DEFAULT_ROOM; }
    public int maxRoomsPerConnection() { return maxRoomsPerConnection; }
    /** {@code sqlite}, {@code postgres} or {@code none}. */
    public String store() { return store; }
    /** JDBC URL of the PostgreSQL store, or {@code null}. */
    public String db() { return db; }
    public Path dataDir() { return dataDir; }
    public int storeQueue() { return storeQueue; }
    public int storeBatch() { return storeBatch; }
    public Duration storeMaxWait() { return storeMaxWait; }
    public int maxReplay() { return maxReplay; }
    public Duration flushInterval() { return flushInterval; }
    public int joinedHistory() { return joinedHistory; }
    /** Days of history to keep; 0 keeps everything. */
    public int retainDays() { return retainDays; }
    /** Messages to keep per room; 0 keeps everything. */
    public int retainMessages() { return retainMessages; }
    /** Origins allowed to open WebSockets; empty means the request's own host; {@code *} any. */
    public List<String> allowedOrigins() { return allowedOrigins; }
    /** Most WebSocket connections in total; 0 means no cap. */
    public int maxConnections() { return maxConnections; }
    /** Most WebSocket connections per client address; 0 means no cap. */
    public int maxConnectionsPerIp() { return maxConnectionsPerIp; }
    /** Peers (CIDRs) whose X-Forwarded-For is believed. */
    public List<String> trustedProxies() { return trustedProxies; }
    /** Whether every connection starts with a HAProxy PROXY protocol (v1/v2) header. */
    public boolean proxyProtocol() { return proxyProtocol; }
    /** {@code none} (anyone, by ?name=), {@code jwt} (another application's token) or {@code accounts} (login here). */
    public String auth() { return auth; }
    public String jwtSecret() { return jwtSecret; }
    public Path jwtPublicKey() { return jwtPublicKey; }
    public Duration jwtClockSkew() { return jwtClockSkew; }
    public Duration sessionTtl() { return sessionTtl; }
    /** Rooms whose name starts with this are joinable by invitation only ("" turns private rooms off). */
    public String privateRoomPrefix() { return privateRoomPrefix; }
    /** Whether {@code GET /metrics} serves Prometheus metrics. */
    public boolean metrics() { return metrics; }
    /** The Redis URL of cluster mode, or {@code null} for a single node. */
    public String redis() { return redis; }
    /** Nodes sharing a Redis and this name form one chat; it prefixes every key and channel. */
    public String clusterName() { return clusterName; }
    /** This node's id in the cluster (unique per process). */
    public String nodeId() { return nodeId; }
    /** The separate metrics listener's port (0: a free one), or {@link #METRICS_ON_MAIN_PORT}: /metrics on the main port. */
    public int metricsPort() { return metricsPort; }
    /** Address of the separate metrics listener: {@code --metrics-host}, else {@link #host()}. */
    public String metricsHost() { return metricsHost; }
    /** PEM certificate chain for TLS on the listener, or {@code null} for plain TCP. */
    public Path tlsCert() { return tlsCert; }
    /** PEM (PKCS#8) private key of {@link #tlsCert()}. */
    public Path tlsKey() { return tlsKey; }

    /** Builder with eager validation; messages name the setting and the expected range. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private TransportKind transport = TransportKind.AUTO;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private int maxTextLength = DEFAULT_MAX_TEXT_LENGTH;
        private int maxHttpBodyBytes = DEFAULT_MAX_HTTP_BODY_BYTES;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int outboundHighWater = DEFAULT_OUTBOUND_HIGH_WATER;
        private long outboundLimit = DEFAULT_OUTBOUND_LIMIT;
        private double rate = DEFAULT_RATE;
        private int rateBurst = DEFAULT_RATE_BURST;
        private int rateAbuseLimit = DEFAULT_RATE_ABUSE_LIMIT;
        private Duration drain = DEFAULT_DRAIN;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private int recentMessages = DEFAULT_RECENT_MESSAGES;
        private int maxRoomsPerConnection = DEFAULT_MAX_ROOMS_PER_CONNECTION;
        private String store = DEFAULT_STORE;
        private String db;
        private Path dataDir = Path.of(DEFAULT_DATA_DIR);
        private int storeQueue = DEFAULT_STORE_QUEUE;
        private int storeBatch = DEFAULT_STORE_BATCH;
        private Duration storeMaxWait = Duration.ZERO;
        private int maxReplay = DEFAULT_MAX_REPLAY;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private int joinedHistory = DEFAULT_JOINED_HISTORY;
        private int retainDays;
        private int retainMessages;
        private List<String> allowedOrigins = List.of();
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerIp;
        private List<String> trustedProxies = DEFAULT_TRUSTED_PROXIES;
        private boolean proxyProtocol;
        private String auth = "none";
        private String jwtSecret;
        private Path jwtPublicKey;
        private Duration jwtClockSkew = Duration.ofSeconds(30);
        private Duration sessionTtl = Duration.ofDays(7);
        private String privateRoomPrefix = "private-";
        private boolean metrics = true;
        private String redis;
        private String clusterName = "chat";
        private String nodeId = defaultNodeId();
        private int metricsPort = METRICS_ON_MAIN_PORT;
        private String metricsHost;
        private Path tlsCert;
        private Path tlsKey;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            checkArgument(port >= 0 && port <= 65535, "port: " + port + " (expected: 0-65535)");
            this.port = port;
            return this;
        }

        public Builder transport(TransportKind transport) {
            this.transport = requireNonNull(transport, "transport");
            return this;
        }

        public Builder threads(int threads) {
            checkArgument(threads >= 1 && threads <= 1024, "threads: " + threads + " (expected: 1-1024)");
            this.threads = threads;
            return this;
        }

        public Builder maxFrameBytes(int bytes) {
            checkArgument(bytes >= 128 && bytes <= 16 * 1024 * 1024,
                    "max-frame-bytes: " + bytes + " (expected: 128-16777216)");
            this.maxFrameBytes = bytes;
            return this;
        }

        public Builder maxTextLength(int chars) {
            checkArgument(chars >= 1, "max-text-length: " + chars + " (expected: > 0)");
            this.maxTextLength = chars;
            return this;
        }

        public Builder maxHttpBodyBytes(int bytes) {
            checkArgument(bytes >= 0, "max-http-body-bytes: " + bytes + " (expected: >= 0)");
            this.maxHttpBodyBytes = bytes;
            return this;
        }

        public Builder pingInterval(Duration d) {
            checkArgument(d.toMillis() >= 10, "ping-interval: " + d + " (expected: >= 10ms)");
            this.pingInterval = d;
            return this;
        }

        public Builder idleTimeout(Duration d) {
            checkArgument(d.toMillis() >= 10, "idle-timeout: " + d + " (expected: >= 10ms)");
            this.idleTimeout = d;
            return this;
        }

        public Builder outboundHighWater(int bytes) {
            checkArgument(bytes >= 1024, "outbound-high-water: " + bytes + " (expected: >= 1024)");
            this.outboundHighWater = bytes;
            return this;
        }

        public Builder outboundLimit(long bytes) {
            checkArgument(bytes >= 4096, "outbound-limit: " + bytes + " (expected: >= 4096)");
            this.outboundLimit = bytes;
            return this;
        }

        /** Requests per second per connection; 0 disables rate limiting. */
        public Builder rate(double perSecond) {
            checkArgument(perSecond >= 0 && !Double.isNaN(perSecond), "rate: " + perSecond + " (expected: >= 0)");
            this.rate = perSecond;
            return this;
        }

        public Builder rateBurst(int burst) {
            checkArgument(burst >= 1, "rate-burst: " + burst + " (expected: >= 1)");
            this.rateBurst = burst;
            return this;
        }

        public Builder rateAbuseLimit(int rejections) {
            checkArgument(rejections >= 1, "rate-abuse-limit: " + rejections + " (expected: >= 1)");
            this.rateAbuseLimit = rejections;
            return this;
        }

        public Builder drain(Duration d) {
            checkArgument(!d.isNegative(), "drain-seconds: " + d + " (expected: >= 0)");
            this.drain = d;
            return this;
        }

        public Builder closeTimeout(Duration d) {
            checkArgument(d.toMillis() >= 1, "close-timeout: " + d + " (expected: >= 1ms)");
            this.closeTimeout = d;
            return this;
        }

        public Builder handshakeTimeout(Duration d) {
            checkArgument(d.toMillis() >= 1, "handshake-timeout: " + d + " (expected: >= 1ms)");
            this.handshakeTimeout = d;
            return this;
        }

        public Builder recentMessages(int n) {
            checkArgument(n >= 0 && n <= 100_000, "recent-messages: " + n + " (expected: 0-100000)");
            this.recentMessages = n;
            return this;
        }

        public Builder maxRoomsPerConnection(int n) {
            checkArgument(n >= 1 && n <= 10_000, "max-rooms-per-connection: " + n + " (expected: 1-10000)");
            this.maxRoomsPerConnection = n;
            return this;
        }

        /** {@code sqlite} (default), {@code postgres} (needs {@link #db}) or {@code none} (in memory). */
        public Builder store(String kind) {
            checkArgument(kind.equals("sqlite") || kind.equals("postgres") || kind.equals("none"),
                    "store: " + kind + " (expected: sqlite, postgres or none)");
            this.store = kind;
            return this;
        }

        /** A {@code jdbc:postgresql://} URL; turns the default store into {@code postgres}. */
        public Builder db(String jdbcUrl) {
            checkArgument(jdbcUrl == null || jdbcUrl.startsWith("jdbc:postgresql:"),
                    "db: " + jdbcUrl + " (expected: a jdbc:postgresql://host:port/database URL)");
            this.db = jdbcUrl;
            if (jdbcUrl != null && store.equals(DEFAULT_STORE)) {
                this.store = "postgres";
            }
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = requireNonNull(dir, "dataDir");
            return this;
        }

        public Builder storeQueue(int n) {
            checkArgument(n >= 1 && n <= 10_000_000, "store-queue: " + n + " (expected: 1-10000000)");
            this.storeQueue = n;
            return this;
        }

        public Builder storeBatch(int n) {
            checkArgument(n >= 1 && n <= 100_000, "store-batch: " + n + " (expected: 1-100000)");
            this.storeBatch = n;
            return this;
        }

        public Builder storeMaxWait(Duration d) {
            checkArgument(!d.isNegative() && d.toMillis() <= 1000, "store-max-wait: " + d + " (expected: 0-1s)");
            this.storeMaxWait = d;
            return this;
        }

        public Builder maxReplay(int n) {
            checkArgument(n >= 1 && n <= 100_000, "max-replay: " + n + " (expected: 1-100000)");
            this.maxReplay = n;
            return this;
        }

        /** Fan-out flush coalescing window; 0 flushes every batch at once. */
        public Builder flushInterval(Duration d) {
            checkArgument(!d.isNegative() && d.toMillis() <= 1000, "flush-interval: " + d + " (expected: 0-1s)");
            this.flushInterval = d;
            return this;
        }

        public Builder joinedHistory(int n) {
            checkArgument(n >= 0 && n <= 1000, "joined-history: " + n + " (expected: 0-1000)");
            this.joinedHistory = n;
            return this;
        }

        /** Days of history to keep (0 keeps everything). */
        public Builder retainDays(int days) {
            checkArgument(days >= 0, "retain-days: " + days + " (expected: >= 0)");
            this.retainDays = days;
            return this;
        }

        /** Messages to keep per room (0 keeps everything). */
        public Builder retainMessages(int n) {
            checkArgument(n >= 0, "retain-messages: " + n + " (expected: >= 0)");
            this.retainMessages = n;
            return this;
        }

        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = List.copyOf(origins);
            return this;
        }

        public Builder maxConnections(int n) {
            checkArgument(n >= 0, "max-connections: " + n + " (expected: >= 0, 0 = no cap)");
            this.maxConnections = n;
            return this;
        }

        public Builder maxConnectionsPerIp(int n) {
            checkArgument(n >= 0, "max-connections-per-ip: " + n + " (expected: >= 0, 0 = no cap)");
            this.maxConnectionsPerIp = n;
            return this;
        }

        public Builder trustedProxies(List<String> cidrs) {
            chat.server.perimeter.TrustedProxies.of(cidrs); // validates
            this.trustedProxies = List.copyOf(cidrs);
            return this;
        }

        public Builder proxyProtocol(boolean on) {
            this.proxyProtocol = on;
            return this;
        }

        /** {@code none}, {@code jwt} (needs {@link #jwtSecret} or {@link #jwtPublicKey}) or {@code accounts}. */
        public Builder auth(String mode) {
            checkArgument(mode.equals("none") || mode.equals("jwt") || mode.equals("accounts"),
                    "auth: " + mode + " (expected: none, jwt or accounts)");
            this.auth = mode;
            return this;
        }

        /** How long a login session lasts ({@code accounts} mode). */
        public Builder sessionTtl(Duration d) {
            checkArgument(d.toSeconds() >= 1 && d.toDays() <= 365, "session-ttl: " + d + " (expected: 1s-365d)");
            this.sessionTtl = d;
            return this;
        }

        /** HS256 shared secret (at least 32 bytes). */
        public Builder jwtSecret(String secret) {
            this.jwtSecret = secret;
            return this;
        }

        /** PEM file with the RS256/ES256 public key. */
        public Builder jwtPublicKey(Path pem) {
            this.jwtPublicKey = pem;
            return this;
        }

        public Builder jwtClockSkew(Duration d) {
            checkArgument(!d.isNegative() && d.toMinutes() <= 10, "jwt-clock-skew: " + d + " (expected: 0-10m)");
            this.jwtClockSkew = d;
            return this;
        }

        public Builder privateRoomPrefix(String prefix) {
            checkArgument(prefix.isEmpty() || chat.server.protocol.RoomNames.isValid(prefix),
                    "private-room-prefix: " + prefix + " (expected: empty, or letters, digits, _ - .)");
            this.privateRoomPrefix = prefix;
            return this;
        }

        public Builder metrics(boolean on) {
            this.metrics = on;
            return this;
        }

        /** Cluster mode: nodes sharing this Redis (and the PostgreSQL store) behave as one chat. */
        public Builder redis(String url) {
            checkArgument(url == null || url.startsWith("redis://") || url.startsWith("rediss://"),
                    "redis: " + url + " (expected: redis://host:port or rediss://host:port)");
            this.redis = url;
            return this;
        }

        public Builder clusterName(String name) {
            checkArgument(name != null && name.matches("[A-Za-z0-9_.-]{1,32}"),
                    "cluster-name: " + name + " (expected: 1-32 letters, digits, _ . -)");
            this.clusterName = name;
            return this;
        }

        public Builder nodeId(String id) {
            checkArgument(id != null && id.matches("[A-Za-z0-9_.-]{1,64}"),
                    "node-id: " + id + " (expected: 1-64 letters, digits, _ . -)");
            this.nodeId = id;
            return this;
        }

        /** Host name, pid and a random suffix: unique per process, readable in logs and in Redis. */
        static String defaultNodeId() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "");
            } catch (java.io.IOException e) {
                host = "node";
            }
            if (host.isEmpty() || host.length() > 40) {
                host = "node";
            }
            return host + "-" + ProcessHandle.current().pid() + "-"
                    + Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000), 16);
        }

        /** Serves /metrics only on a separate listener on this port (0 picks a free one). */
        public Builder metricsPort(int port) {
            checkArgument(port >= 0 && port <= 65535, "metrics-port: " + port + " (expected: 0-65535)");
            this.metricsPort = port;
            return this;
        }

        /** Address of the separate metrics listener (default: the main host); needs {@link #metricsPort}. */
        public Builder metricsHost(String host) {
            this.metricsHost = host;
            return this;
        }

        /** Serves TLS (wss://, https://) with this PEM certificate chain and PKCS#8 key. */
        public Builder tls(Path cert, Path key) {
            this.tlsCert = cert;
            this.tlsKey = key;
            return this;
        }

        /** Validates the combination and returns the config. */
        public ServerConfig build() {
            checkArgument(idleTimeout.compareTo(pingInterval) > 0,
                    "idle-timeout: " + idleTimeout + " (expected: > ping-interval " + pingInterval + ")");
            checkArgument(outboundLimit > outboundHighWater,
                    "outbound-limit: " + outboundLimit + " (expected: > outbound-high-water " + outboundHighWater + ")");
            checkArgument(!store.equals("postgres") || db != null,
                    "store: postgres needs --db jdbc:postgresql://host:port/database");
            checkArgument(db == null || store.equals("postgres"),
                    "db: given, but --store is " + store + " (drop one of them)");
            checkArgument(!auth.equals("jwt") || (jwtSecret == null) != (jwtPublicKey == null),
                    "auth: jwt needs exactly one of --jwt-secret and --jwt-public-key");
            checkArgument(auth.equals("jwt") || (jwtSecret == null && jwtPublicKey == null),
                    "jwt-secret/jwt-public-key: given, but --auth is " + auth + " (add --auth jwt)");
            checkArgument((tlsCert == null) == (tlsKey == null), "tls-cert/tls-key: give both or neither");
            checkArgument(redis == null || store.equals("postgres"),
                    "redis: cluster mode needs the shared PostgreSQL store (--db jdbc:postgresql://host:port/database);"
                            + " --store " + store + " keeps history on this node only, so nodes would disagree");
            checkArgument(metricsPort == METRICS_ON_MAIN_PORT || metrics,
                    "metrics-port: given, but --metrics is false (drop one of them)");
            checkArgument(metricsHost == null || metricsPort != METRICS_ON_MAIN_PORT,
                    "metrics-host: given without --metrics-port");
            checkArgument(metricsPort == METRICS_ON_MAIN_PORT || metricsPort == 0 || metricsPort != port,
                    "metrics-port: " + metricsPort + " (expected: a port other than --port)");
            return new ServerConfig(this);
        }

        private static void checkArgument(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
