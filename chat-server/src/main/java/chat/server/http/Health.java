package chat.server.http;

import chat.server.cluster.ClusterLink;
import chat.server.history.HistoryService;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.function.IntSupplier;

/**
 * What {@code /healthz} and {@code /readyz} report. Liveness ({@code /healthz}) is 200 unless the
 * server is draining; a store outage shows as {@code "status":"degraded"} there but does not fail it
 * (restarting the server would not bring the database back). Readiness ({@code /readyz}) is 503 while
 * draining or while the store is down — or, in cluster mode, while Redis is. Thread-safe.
 */
public final class Health {
    /** One reading of the server's state. */
    public record Snapshot(String status, boolean live, boolean ready, int connections, long uptimeSeconds,
                           String store, boolean storeUp, int storeQueue, String version, String cluster,
                           boolean redisUp) {
        /** Returns the JSON body. */
        public String json() {
            return "{\"status\":\"" + status + "\",\"connections\":" + connections + ",\"uptimeSeconds\":" + uptimeSeconds
                    + ",\"store\":{\"kind\":\"" + jsonText(store) + "\",\"up\":" + storeUp + ",\"queued\":" + storeQueue
                    + "}" + (cluster == null ? "" : ",\"cluster\":{\"node\":\"" + jsonText(cluster) + "\",\"redisUp\":" + redisUp + "}")
                    + ",\"version\":\"" + version + "\"}";
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
    private final ClusterLink cluster;
    private volatile boolean draining;

    public Health(IntSupplier connections, HistoryService history, String version) {
        this(connections, history, version, null);
    }

    /** {@code cluster}: the cluster link in cluster mode, else {@code null}. */
    public Health(IntSupplier connections, HistoryService history, String version, ClusterLink cluster) {
        this.connections = connections;
        this.history = history;
        this.version = version;
        this.cluster = cluster;
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
        boolean redisUp = cluster == null || cluster.available();
        String status = draining ? "draining" : storeUp && redisUp ? "ok" : "degraded";
        return new Snapshot(status, !draining, !draining && storeUp && redisUp, connections.getAsInt(), uptime,
                history.describe(), storeUp, history.queued(), version, cluster == null ? null : cluster.nodeId(), redisUp);
    }
}
