package chat.server.http;

import chat.server.history.HistoryService;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.function.IntSupplier;

/**
 * What {@code /healthz} and {@code /readyz} report. Liveness ({@code /healthz}) is 200 unless the
 * server is draining; a store outage shows as {@code "status":"degraded"} there but does not fail it
 * (restarting the server would not bring the database back). Readiness ({@code /readyz}) is 503 while
 * draining or while the store is down. Thread-safe.
 */
public final class Health {
    /** One reading of the server's state. */
    public record Snapshot(String status, boolean live, boolean ready, int connections, long uptimeSeconds,
                           String store, boolean storeUp, int storeQueue, String version) {
        /** Returns the JSON body. */
        public String json() {
            return "{\"status\":\"" + status + "\",\"connections\":" + connections + ",\"uptimeSeconds\":" + uptimeSeconds
                    + ",\"store\":{\"kind\":\"" + jsonText(store) + "\",\"up\":" + storeUp + ",\"queued\":" + storeQueue
                    + "},\"version\":\"" + version + "\"}";
        }
    }

    /** Escapes {@code s} for a JSON string (the store description holds paths and URLs). */
    static String jsonText(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }

    private final long startNanos = System.nanoTime();
    private final IntSupplier connections;
    private final HistoryService history;
    private final String version;
    private volatile boolean draining;

    public Health(IntSupplier connections, HistoryService history, String version) {
        this.connections = connections;
        this.history = history;
        this.version = version;
    }

    /** Marks the server as shutting down: health turns 503 so load balancers stop sending clients. */
    public void startDraining() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    public Snapshot snapshot() {
        long uptime = (System.nanoTime() - startNanos) / 1_000_000_000L;
        boolean storeUp = history.healthy();
        String status = draining ? "draining" : storeUp ? "ok" : "degraded";
        return new Snapshot(status, !draining, !draining && storeUp, connections.getAsInt(), uptime,
                history.describe(), storeUp, history.queued(), version);
    }
}
