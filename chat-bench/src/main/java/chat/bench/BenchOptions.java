package chat.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.List;
import java.util.Objects;

/**
 * Everything one bench run needs. Build with {@link #builder()}, which validates; the command line
 * ({@link BenchCommand}) maps onto the same builder, so defaults and checks live here only.
 * Times are in seconds (fractions allowed), rates in messages or connections per second.
 */
public record BenchOptions(
        URI url, Scenario scenario, int clients, int senders, double rate, double duration,
        double warmup, double drain, int size, boolean sendJson, boolean expectEcho,
        double ramp, int maxPendingConnects, double connectTimeout, int sourceAddresses, int warmupHandshakes,
        int rooms, int roomSize, String roomPrefix, String room, int slow,
        boolean findMax, double step, double p99BoundMs, int maxSteps,
        int threads, String transport, String namePrefix, long serverPid,
        Path jsonFile, Path htmlFile, boolean progress, List<URI> moreUrls, List<Long> moreServerPids) {

    public static final String DEFAULT_URL = "ws://127.0.0.1:8080/ws";
    public static final int DEFAULT_CLIENTS = 100;
    public static final int DEFAULT_SENDERS = 10;
    public static final double DEFAULT_RATE = 100;
    public static final double DEFAULT_DURATION = 10;
    public static final double DEFAULT_WARMUP = 2;
    public static final double DEFAULT_DRAIN = 3;
    public static final int DEFAULT_SIZE = 100;
    public static final double DEFAULT_RAMP = 2000;
    public static final int DEFAULT_MAX_PENDING = 500;
    public static final double DEFAULT_CONNECT_TIMEOUT = 10;
    public static final int DEFAULT_WARMUP_HANDSHAKES = 500;
    public static final int DEFAULT_ROOMS = 10;
    public static final String DEFAULT_ROOM_PREFIX = "r";
    public static final int DEFAULT_SLOW = 5;
    public static final double DEFAULT_STEP = 1.5;
    public static final double DEFAULT_P99_BOUND_MS = 100;
    public static final int DEFAULT_MAX_STEPS = 12;
    public static final String DEFAULT_NAME_PREFIX = "b";
    /** Above this many connections, source addresses are spread automatically (loopback targets only). */
    public static final int AUTO_SOURCE_THRESHOLD = 20_000;
    /** Connections per source address when spreading automatically. */
    public static final int PER_SOURCE_ADDRESS = 20_000;
    static final int MIN_SIZE = 16;
    static final int MAX_SIZE = 1 << 20;

    public BenchOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(roomPrefix, "roomPrefix");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(namePrefix, "namePrefix");
        moreUrls = List.copyOf(moreUrls);
        moreServerPids = List.copyOf(moreServerPids);
    }

    /** Returns the URL client {@code i} connects to: clients are spread round-robin over {@code url} and {@code moreUrls}. */
    public URI urlOf(int i) {
        int k = i % (1 + moreUrls.size());
        return k == 0 ? url : moreUrls.get(k - 1);
    }

    /** Returns a builder with every default set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the number of connections this run opens (rooms: rooms × room size; slow: clients + slow). */
    public int totalClients() {
        return switch (scenario) {
            case ROOMS -> rooms * effectiveRoomSize();
            case SLOW -> clients + slow;
            default -> clients;
        };
    }

    /** Returns the members per room in the rooms scenario. */
    public int effectiveRoomSize() {
        return roomSize > 0 ? roomSize : clients / rooms;
    }

    /** Returns the number of source addresses to bind (0 = let the kernel pick). */
    public int effectiveSourceAddresses() {
        if (sourceAddresses > 0) {
            return sourceAddresses;
        }
        if (totalClients() > AUTO_SOURCE_THRESHOLD && Checks.isLoopback(url.getHost())) {
            return (totalClients() + PER_SOURCE_ADDRESS - 1) / PER_SOURCE_ADDRESS;
        }
        return 0;
    }

    /** Returns the event-loop thread count (default: available processors). */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** Fluent builder; {@link #build()} validates and throws {@link IllegalArgumentException} on bad values. */
    public static final class Builder {
        private URI url = URI.create(DEFAULT_URL);
        private List<URI> moreUrls = List.of();
        private List<Long> moreServerPids = List.of();
        private Scenario scenario = Scenario.BROADCAST;
        private int clients = DEFAULT_CLIENTS;
        private int senders = DEFAULT_SENDERS;
        private double rate = DEFAULT_RATE;
        private double duration = DEFAULT_DURATION;
        private double warmup = DEFAULT_WARMUP;
        private double drain = DEFAULT_DRAIN;
        private int size = DEFAULT_SIZE;
        private boolean sendJson;
        private boolean expectEcho;
        private double ramp = DEFAULT_RAMP;
        private int maxPendingConnects = DEFAULT_MAX_PENDING;
        private double connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int sourceAddresses;
        private int warmupHandshakes = DEFAULT_WARMUP_HANDSHAKES;
        private int rooms = DEFAULT_ROOMS;
        private int roomSize;
        private String roomPrefix = DEFAULT_ROOM_PREFIX;
        private String room;
        private int slow = DEFAULT_SLOW;
        private boolean findMax;
        private double step = DEFAULT_STEP;
        private double p99BoundMs = DEFAULT_P99_BOUND_MS;
        private int maxSteps = DEFAULT_MAX_STEPS;
        private int threads;
        private String transport = "auto";
        private String namePrefix = DEFAULT_NAME_PREFIX;
        private long serverPid;
        private Path jsonFile;
        private Path htmlFile;
        private boolean progress = true;

        private Builder() {
        }

        /** Sets the WebSocket URL, e.g. {@code ws://127.0.0.1:8080/ws}. */
        public Builder url(String url) {
            return url(Checks.parseUrl(url));
        }

        /** Sets the WebSocket URL. */
        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        /** Adds server processes (cluster nodes) whose CPU and RSS are summed with {@code --server-pid}'s. */
        public Builder moreServerPids(List<Long> pids) {
            this.moreServerPids = List.copyOf(pids);
            return this;
        }

        /** Adds servers (cluster nodes): clients are spread round-robin over the URL and these. */
        public Builder moreUrls(List<String> urls) {
            this.moreUrls = urls.stream().map(Checks::parseUrl).toList();
            return this;
        }

        public Builder scenario(Scenario v) { scenario = v; return this; }
        public Builder clients(int v) { clients = v; return this; }
        public Builder senders(int v) { senders = v; return this; }
        public Builder rate(double v) { rate = v; return this; }
        public Builder duration(double v) { duration = v; return this; }
        public Builder warmup(double v) { warmup = v; return this; }
        public Builder drain(double v) { drain = v; return this; }
        public Builder size(int v) { size = v; return this; }
        public Builder sendJson(boolean v) { sendJson = v; return this; }
        public Builder expectEcho(boolean v) { expectEcho = v; return this; }
        public Builder ramp(double v) { ramp = v; return this; }
        public Builder maxPendingConnects(int v) { maxPendingConnects = v; return this; }
        public Builder connectTimeout(double v) { connectTimeout = v; return this; }
        public Builder sourceAddresses(int v) { sourceAddresses = v; return this; }
        /** Sets the in-memory handshakes run before connecting, to warm up the JVM (0 = none). */
        public Builder warmupHandshakes(int v) { warmupHandshakes = v; return this; }
        public Builder rooms(int v) { rooms = v; return this; }
        public Builder roomSize(int v) { roomSize = v; return this; }
        public Builder roomPrefix(String v) { roomPrefix = v; return this; }
        public Builder room(String v) { room = v; return this; }
        public Builder slow(int v) { slow = v; return this; }
        public Builder findMax(boolean v) { findMax = v; return this; }
        public Builder step(double v) { step = v; return this; }
        public Builder p99BoundMs(double v) { p99BoundMs = v; return this; }
        public Builder maxSteps(int v) { maxSteps = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder transport(String v) { transport = v == null ? null : v.toLowerCase(Locale.ROOT); return this; }
        public Builder namePrefix(String v) { namePrefix = v; return this; }
        public Builder serverPid(long v) { serverPid = v; return this; }
        public Builder jsonFile(Path v) { jsonFile = v; return this; }
        public Builder htmlFile(Path v) { htmlFile = v; return this; }
        /** Sets whether a progress line per second goes to stderr (default true). */
        public Builder progress(boolean v) { progress = v; return this; }

        /** Returns the validated options. */
        public BenchOptions build() {
            BenchOptions o = new BenchOptions(url, scenario, clients, senders, rate, duration, warmup, drain, size,
                    sendJson, expectEcho, ramp, maxPendingConnects, connectTimeout, sourceAddresses, warmupHandshakes,
                    rooms, roomSize, roomPrefix, room, slow, findMax, step, p99BoundMs, maxSteps,
                    threads, transport, namePrefix, serverPid, jsonFile, htmlFile, progress, moreUrls, moreServerPids);
            Checks.validate(o); // a record's compact constructor cannot read its own fields yet
            return o;
        }
    }
}
