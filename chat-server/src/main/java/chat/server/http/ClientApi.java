package chat.server.http;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The two small read-only JSON documents the bundled web client fetches: {@code GET /api/info} (which
 * join form to show) and {@code GET /api/stats} (the live numbers on {@code stats.html}). Both only read
 * counters that already exist; nothing is counted here. Thread-safe.
 */
public final class ClientApi {
    public static final String INFO_PATH = "/api/info";
    public static final String STATS_PATH = "/api/stats";

    /** One reading of the server's counters. Totals are monotonic, so a poller derives rates from two readings. */
    public record Counters(int connections, int rooms, long messagesPosted, long deliveries, long connectionsOpened) {
    }

    private final String auth;
    private final String version;
    private final Supplier<Counters> counters;
    private final LongSupplier clock;
    private final long startMillis;

    /**
     * @param auth     the authentication mode ({@code none}, {@code jwt} or {@code accounts})
     * @param counters reads the current counters; called on an event loop, so it must not block
     * @param clock    epoch milliseconds (a parameter so tests can fix it)
     */
    public ClientApi(String auth, String version, Supplier<Counters> counters, LongSupplier clock) {
        this.auth = auth;
        this.version = version;
        this.counters = counters;
        this.clock = clock;
        this.startMillis = clock.getAsLong();
    }

    public ClientApi(String auth, String version, Supplier<Counters> counters) {
        this(auth, version, counters, System::currentTimeMillis);
    }

    /** {@code {"auth":"none","version":"0.1.0"}}. */
    public String infoJson() {
        return "{\"auth\":\"" + Health.jsonText(auth) + "\",\"version\":\"" + Health.jsonText(version) + "\"}";
    }

    /** The counters plus the server's clock ({@code time}, epoch ms), so rates use the server's time base. */
    public String statsJson() {
        Counters c = counters.get();
        long now = clock.getAsLong();
        return "{\"connections\":" + c.connections() + ",\"rooms\":" + c.rooms()
                + ",\"messagesPosted\":" + c.messagesPosted() + ",\"deliveries\":" + c.deliveries()
                + ",\"connectionsOpened\":" + c.connectionsOpened()
                + ",\"uptimeSeconds\":" + Math.max(0, (now - startMillis) / 1000) + ",\"time\":" + now + "}";
    }
}
