package chat.server.cli;

import chat.server.ChatServer;
import chat.server.ServerConfig;
import chat.server.Version;
import chat.server.transport.TransportKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The {@code chat-server} command line: options, then run until SIGTERM/SIGINT, then drain and exit 0. */
@Command(name = "chat-server", mixinStandardHelpOptions = true, versionProvider = ServerCommand.VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "A high-throughput WebSocket chat server. Clients connect to ws://HOST:PORT/ws?name=NAME; "
                + "the web client is served at http://HOST:PORT/.",
        footer = {"", "Every option can also be set with an environment variable CHAT_<OPTION> "
                + "(upper case, dashes as underscores), e.g. CHAT_PORT=9000 or CHAT_MAX_FRAME_BYTES=32KiB. "
                + "Command-line flags win over the environment.",
                "Durations: 25s, 500ms, 2m (a bare number is seconds). Sizes: 65536, 64KiB, 1MiB.",
                "Exit codes: 0 after a clean shutdown, 1 when the server cannot start (e.g. port in use), "
                        + "2 for a bad option."})
public final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST, paramLabel = "ADDR",
            description = "Address to listen on. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--port", defaultValue = "" + ServerConfig.DEFAULT_PORT, paramLabel = "PORT",
            description = "TCP port; 0 picks a free port (the startup line says which). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "auto|epoll|nio|io_uring",
            converter = TransportConverter.class,
            description = "I/O transport: auto takes native epoll when available, else NIO. Default: ${DEFAULT-VALUE}")
    TransportKind transport;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Event loop threads; 0 means one per CPU core. Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--max-frame-bytes", defaultValue = "64KiB", paramLabel = "SIZE", converter = Converters.SizeConverter.class,
            description = "Largest WebSocket message accepted; bigger ones close the connection with 1009. Default: ${DEFAULT-VALUE}")
    long maxFrameBytes;

    @Option(names = "--max-text-length", defaultValue = "" + ServerConfig.DEFAULT_MAX_TEXT_LENGTH, paramLabel = "CHARS",
            description = "Longest message text; longer ones get a too_large error. Default: ${DEFAULT-VALUE}")
    int maxTextLength;

    @Option(names = "--ping-interval", defaultValue = "25s", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Send a WebSocket ping after this long without traffic from the client (keep it under "
                    + "your proxy's read timeout, nginx: 60s). Default: ${DEFAULT-VALUE}")
    Duration pingInterval;

    @Option(names = "--idle-timeout", defaultValue = "60s", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Close a connection after this long without any traffic from the client, pongs included. Default: ${DEFAULT-VALUE}")
    Duration idleTimeout;

    @Option(names = "--outbound-high-water", defaultValue = "64KiB", paramLabel = "SIZE", converter = Converters.SizeConverter.class,
            description = "Per-connection queued bytes above which the connection counts as unwritable and "
                    + "ephemeral events (typing, presence) are dropped for it. Default: ${DEFAULT-VALUE}")
    long outboundHighWater;

    @Option(names = "--outbound-limit", defaultValue = "1MiB", paramLabel = "SIZE", converter = Converters.SizeConverter.class,
            description = "Hard cap of queued bytes per connection; a client that falls further behind is closed "
                    + "with 1013 (slow consumer) and resumes with since. Default: ${DEFAULT-VALUE}")
    long outboundLimit;

    @Option(names = "--rate", defaultValue = "" + ServerConfig.DEFAULT_RATE, paramLabel = "PER_SECOND",
            description = "Requests per second per connection (token bucket); 0 disables. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--rate-burst", defaultValue = "" + ServerConfig.DEFAULT_RATE_BURST, paramLabel = "N",
            description = "Requests a connection may send at once before the rate applies. Default: ${DEFAULT-VALUE}")
    int rateBurst;

    @Option(names = "--rate-abuse-limit", defaultValue = "" + ServerConfig.DEFAULT_RATE_ABUSE_LIMIT, paramLabel = "N",
            description = "Rate-limited requests within 10 s after which the connection is closed with 1008. Default: ${DEFAULT-VALUE}")
    int rateAbuseLimit;

    @Option(names = "--recent-messages", defaultValue = "" + ServerConfig.DEFAULT_RECENT_MESSAGES, paramLabel = "N",
            description = "Messages kept in memory per room for joined and since-resume. Default: ${DEFAULT-VALUE}")
    int recentMessages;

    @Option(names = "--max-rooms-per-connection", defaultValue = "" + ServerConfig.DEFAULT_MAX_ROOMS_PER_CONNECTION,
            paramLabel = "N", description = "Rooms one connection may be in at once; more gets a forbidden error. Default: ${DEFAULT-VALUE}")
    int maxRoomsPerConnection;

    @Option(names = "--store", defaultValue = ServerConfig.DEFAULT_STORE, paramLabel = "sqlite|postgres|none",
            description = "History store: sqlite (a file under --data-dir), postgres (needs --db), or none "
                    + "(in memory only: nothing survives a restart; for pure fan-out benchmarks). Default: ${DEFAULT-VALUE}")
    String store;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/chat?user=chat; implies --store postgres.")
    String db;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Cluster mode: Redis URL (redis://host:6379) shared by every node; needs --db (PostgreSQL).")
    String redis;

    @Option(names = "--cluster-name", defaultValue = "chat", paramLabel = "NAME",
            description = "Nodes with the same Redis and cluster name form one chat (prefix of keys and channels). Default: ${DEFAULT-VALUE}")
    String clusterName;

    @Option(names = "--node-id", paramLabel = "ID",
            description = "This node's id in the cluster. Default: host-pid-random")
    String nodeId;

    @Option(names = "--data-dir", defaultValue = ServerConfig.DEFAULT_DATA_DIR, paramLabel = "DIR",
            description = "Directory of the SQLite file chat.db (created if missing). Default: ${DEFAULT-VALUE}")
    java.nio.file.Path dataDir;

    @Option(names = "--store-queue", defaultValue = "" + ServerConfig.DEFAULT_STORE_QUEUE, paramLabel = "N",
            description = "Messages waiting to be stored before new ones get an unavailable error. Default: ${DEFAULT-VALUE}")
    int storeQueue;

    @Option(names = "--store-batch", defaultValue = "" + ServerConfig.DEFAULT_STORE_BATCH, paramLabel = "N",
            description = "Most messages stored in one transaction (group commit). Default: ${DEFAULT-VALUE}")
    int storeBatch;

    @Option(names = "--store-max-wait", defaultValue = "0ms", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "How long the writer waits to fill a batch; 0 commits whatever is queued at once. Default: ${DEFAULT-VALUE}")
    Duration storeMaxWait;

    @Option(names = "--max-replay", defaultValue = "" + ServerConfig.DEFAULT_MAX_REPLAY, paramLabel = "N",
            description = "Most missed messages replayed to a client resuming with since; a longer gap gets "
                    + "recent history and recovered:false. Default: ${DEFAULT-VALUE}")
    int maxReplay;

    @Option(names = "--joined-history", defaultValue = "" + ServerConfig.DEFAULT_JOINED_HISTORY, paramLabel = "N",
            description = "Recent messages a joined reply carries when the client gives no since. Default: ${DEFAULT-VALUE}")
    int joinedHistory;

    @Option(names = "--retain-days", defaultValue = "0", paramLabel = "DAYS",
            description = "Delete stored messages older than this (pruned at start, then hourly); 0 keeps everything. Default: ${DEFAULT-VALUE}")
    int retainDays;

    @Option(names = "--retain-messages", defaultValue = "0", paramLabel = "N",
            description = "Keep only the newest N stored messages per room (pruned at start, then hourly); 0 keeps everything. Default: ${DEFAULT-VALUE}")
    int retainMessages;

    @Option(names = "--flush-interval", defaultValue = "20ms", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Fan-out write coalescing: a busy room flushes its members at most once per interval "
                    + "(a quiet room at once), so one syscall carries many messages; 0 flushes every message. "
                    + "Default: ${DEFAULT-VALUE}")
    Duration flushInterval;

    @Option(names = "--allowed-origins", split = ",", paramLabel = "ORIGIN[,ORIGIN…]",
            description = "Browser origins allowed to open WebSockets (e.g. https://chat.example.com), or *. "
                    + "Default: the request's own host, plus clients that send no Origin (scripts).")
    java.util.List<String> allowedOrigins = new java.util.ArrayList<>();

    @Option(names = "--max-connections", defaultValue = "" + ServerConfig.DEFAULT_MAX_CONNECTIONS, paramLabel = "N",
            description = "Most WebSocket connections in total (more get 503); 0 = no cap. Default: ${DEFAULT-VALUE}")
    int maxConnections;

    @Option(names = "--max-connections-per-ip", defaultValue = "0", paramLabel = "N",
            description = "Most WebSocket connections per client address (more get 429); 0 = no cap. Default: ${DEFAULT-VALUE}")
    int maxConnectionsPerIp;

    @Option(names = "--trusted-proxies", split = ",", defaultValue = "127.0.0.1/32,::1/128", paramLabel = "CIDR[,CIDR…]",
            description = "Peers whose X-Forwarded-For is believed for the client address (logs, per-address limits). "
                    + "Default: ${DEFAULT-VALUE}")
    java.util.List<String> trustedProxies;

    @Option(names = "--proxy-protocol", defaultValue = "false", fallbackValue = "true", arity = "0..1",
            description = "Expect a HAProxy PROXY protocol v1/v2 header on every connection (only behind a proxy "
                    + "that sends it: otherwise clients could claim any address). Default: ${DEFAULT-VALUE}")
    boolean proxyProtocol;

    @Option(names = "--handshake-timeout", defaultValue = "5s", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "A connection must deliver a complete HTTP request (and finish the WebSocket handshake) "
                    + "within this time, or it is closed (slowloris). Default: ${DEFAULT-VALUE}")
    Duration handshakeTimeout;

    @Option(names = "--auth", defaultValue = "none", paramLabel = "none|jwt|accounts",
            description = "none: anyone connects with ?name=. jwt: a token (?token=, Authorization: Bearer, or the "
                    + "chat_token cookie) signed by --jwt-secret (HS256) or --jwt-public-key (RS256/ES256) is required; "
                    + "its name (or sub) claim is the user's name. accounts: users register and log in at "
                    + "POST /api/register, /api/login, /api/logout; the login's token is required. Default: ${DEFAULT-VALUE}")
    String auth;

    @Option(names = "--session-ttl", defaultValue = "7d", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "How long a login lasts in accounts mode (units: s, m, h, d). Default: ${DEFAULT-VALUE}")
    Duration sessionTtl;

    @Option(names = "--jwt-secret", paramLabel = "SECRET",
            description = "HS256 secret shared with the token issuer (at least 32 bytes; prefer CHAT_JWT_SECRET to keep it out of ps).")
    String jwtSecret;

    @Option(names = "--jwt-public-key", paramLabel = "PEM_FILE",
            description = "PEM public key (RSA or EC P-256) of the token issuer, for RS256/ES256 tokens.")
    java.nio.file.Path jwtPublicKey;

    @Option(names = "--jwt-clock-skew", defaultValue = "30s", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Tolerance for exp/nbf against the issuer's clock. Default: ${DEFAULT-VALUE}")
    Duration jwtClockSkew;

    @Option(names = "--private-room-prefix", defaultValue = "private-", paramLabel = "PREFIX",
            description = "Rooms whose name starts with this are joinable only by their creator and those a member "
                    + "invited ({\"type\":\"invite\",\"room\":…,\"name\":…}), or by a token's rooms claim; "
                    + "empty turns private rooms off. Default: ${DEFAULT-VALUE}")
    String privateRoomPrefix;

    @Option(names = "--metrics", defaultValue = "true", fallbackValue = "true", arity = "0..1", paramLabel = "true|false",
            description = "Serve Prometheus metrics at GET /metrics (keep the path internal at your proxy). Default: ${DEFAULT-VALUE}")
    boolean metrics;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve GET /metrics only on a separate plain-HTTP listener on this port (0 picks a free one; "
                    + "the startup line says which); the main port then answers 404 for /metrics. "
                    + "Default: none (metrics on the main port)")
    Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "ADDR",
            description = "Address of the --metrics-port listener, e.g. 127.0.0.1 or an internal interface. Default: --host")
    String metricsHost;

    @Option(names = "--tls-cert", paramLabel = "PEM_FILE",
            description = "Certificate chain (PEM) to serve TLS directly (wss://, https://); needs --tls-key. "
                    + "TLS 1.2 and 1.3 only. Without it, put a TLS proxy in front.")
    java.nio.file.Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM_FILE", description = "Private key (PEM, PKCS#8) of --tls-cert.")
    java.nio.file.Path tlsKey;

    @Option(names = "--log-level", defaultValue = "info", paramLabel = "trace|debug|info|warn|error",
            description = "Root log level. Access lines (one per HTTP request, one per WebSocket open and close) use the "
                    + "chat.access logger at INFO. Default: ${DEFAULT-VALUE}")
    String logLevel;

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "text|json",
            description = "text: ISO time, level, thread, logger, message. json: one JSON object per line "
                    + "(logback's JsonEncoder), for log shippers. Default: ${DEFAULT-VALUE}")
    String logFormat;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of options (keys without dashes: port=9000, max-frame-bytes=32KiB). "
                    + "Precedence: flags, then CHAT_* environment variables, then this file, then defaults.")
    java.nio.file.Path configFile;

    @Option(names = "--print-config", description = "Print the effective configuration (secrets masked) and exit.")
    boolean printConfig;

    @Option(names = "--drain-seconds", defaultValue = "10s", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "On SIGTERM, close clients (1001, with a jittered retry hint) in batches over this window. Default: ${DEFAULT-VALUE}")
    Duration drain;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (configFile != null && !java.nio.file.Files.isReadable(configFile)) {
            err.println("chat-server: --config " + configFile + ": cannot read the file");
            return CommandLine.ExitCode.USAGE;
        }
        if (!logLevel.matches("(?i)trace|debug|info|warn|error|off") || !logFormat.matches("text|json")) {
            err.println("chat-server: --log-level " + logLevel + " / --log-format " + logFormat
                    + " (expected: trace|debug|info|warn|error|off and text|json)");
            return CommandLine.ExitCode.USAGE;
        }
        Logging.configure(logLevel, logFormat);
        if (printConfig) {
            spec.commandLine().getOut().print(effectiveConfig());
            spec.commandLine().getOut().flush();
            return CommandLine.ExitCode.OK;
        }
        org.slf4j.LoggerFactory.getLogger(ServerCommand.class).debug("effective configuration:\n{}", effectiveConfig());
        ServerConfig config;
        try {
            config = toConfig();
        } catch (IllegalArgumentException e) {
            err.println("chat-server: " + e.getMessage());
            err.println("Try 'chat-server --help' for the options and their ranges.");
            return CommandLine.ExitCode.USAGE;
        }
        ChatServer server;
        try {
            server = ChatServer.start(config);
        } catch (IOException e) {
            // BindException on NIO, NativeIoException ("Address already in use") on epoll.
            err.println("chat-server: cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage()
                    + " (is another server using the port? try --port)");
            return CommandLine.ExitCode.SOFTWARE;
        } catch (IllegalArgumentException e) {
            err.println("chat-server: " + e.getMessage()); // e.g. a JWT secret too short, an unreadable key
            return CommandLine.ExitCode.USAGE;
        } catch (IllegalStateException e) {
            err.println("chat-server: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        stop.await();
        server.close();
        return 0;
    }

    /** Builds the config; a bad value or combination throws {@link IllegalArgumentException} naming the option. */
    ServerConfig toConfig() {
        ServerConfig.Builder b = ServerConfig.builder();
        if (metricsPort != null) {
            b.metricsPort(metricsPort);
        }
        b
                .host(host)
                .port(port)
                .transport(transport)
                .threads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads)
                .maxFrameBytes(toInt(maxFrameBytes, "--max-frame-bytes"))
                .maxTextLength(maxTextLength)
                .pingInterval(pingInterval)
                .idleTimeout(idleTimeout)
                .outboundHighWater(toInt(outboundHighWater, "--outbound-high-water"))
                .outboundLimit(outboundLimit)
                .rate(rate)
                .rateBurst(rateBurst)
                .rateAbuseLimit(rateAbuseLimit)
                .recentMessages(recentMessages)
                .maxRoomsPerConnection(maxRoomsPerConnection)
                .store(store)
                .db(db)
                .redis(redis)
                .clusterName(clusterName)
                .dataDir(dataDir)
                .storeQueue(storeQueue)
                .storeBatch(storeBatch)
                .storeMaxWait(storeMaxWait)
                .maxReplay(maxReplay)
                .flushInterval(flushInterval)
                .joinedHistory(joinedHistory)
                .retainDays(retainDays)
                .retainMessages(retainMessages)
                .allowedOrigins(allowedOrigins)
                .maxConnections(maxConnections)
                .maxConnectionsPerIp(maxConnectionsPerIp)
                .trustedProxies(trustedProxies)
                .proxyProtocol(proxyProtocol)
                .handshakeTimeout(handshakeTimeout)
                .auth(auth)
                .jwtSecret(jwtSecret)
                .jwtPublicKey(jwtPublicKey)
                .jwtClockSkew(jwtClockSkew)
                .sessionTtl(sessionTtl)
                .privateRoomPrefix(privateRoomPrefix)
                .metrics(metrics)
                .metricsHost(metricsHost)
                .tls(tlsCert, tlsKey)
                .drain(drain);
        if (nodeId != null) {
            b.nodeId(nodeId);
        }
        return b.build();
    }

    private static int toInt(long value, String option) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(option + ": " + value + " (too large)");
        }
        return (int) value;
    }

    /** Creates the command line with defaults from {@code env} only. */
    public static CommandLine commandLine(java.util.Map<String, String> env) {
        return commandLine(env, new java.util.Properties());
    }

    /** Creates the command line with defaults from {@code env}, then from {@code file} (a parsed {@code --config}). */
    public static CommandLine commandLine(java.util.Map<String, String> env, java.util.Properties file) {
        CommandLine cl = new CommandLine(new ServerCommand());
        cl.setDefaultValueProvider(new EnvironmentDefaults(env, file));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Masks a password in a URL's user info ({@code redis://:pw@host}) or query ({@code ?password=pw}). */
    static String maskPassword(String url) {
        return url.replaceAll("(//[^/@]*:)[^/@]*@", "$1****@").replaceAll("(?i)(password=)[^&]*", "$1****");
    }

    /** Returns the effective options as {@code name = value} lines; secrets are masked. */
    String effectiveConfig() {
        StringBuilder out = new StringBuilder();
        for (picocli.CommandLine.Model.OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (o.usageHelp() || o.versionHelp() || name.equals("--print-config")) {
                continue;
            }
            Object value = o.getValue();
            String shown = value == null ? "" : name.contains("secret") ? "****"
                    : (name.equals("--redis") || name.equals("--db")) ? maskPassword(String.valueOf(value)) : value instanceof java.util.List<?> l
                    ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(value);
            out.append(name.substring(2)).append(" = ").append(shown).append('\n');
        }
        return out.toString();
    }

    static final class TransportConverter implements CommandLine.ITypeConverter<TransportKind> {
        @Override
        public TransportKind convert(String value) {
            try {
                return TransportKind.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of auto, epoll, nio, io_uring");
            }
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"chat-server " + Version.current()};
        }
    }
}
