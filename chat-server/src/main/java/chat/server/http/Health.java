package chat.server.http;

import java.util.function.IntSupplier;

/**
 * What {@code /healthz} reports: liveness (200, or 503 while draining), open connections, uptime.
 * Thread-safe.
 */
public final class Health {
    /** One reading of the server's state. */
    public record Snapshot(String status, boolean ok, int connections, long uptimeSeconds, String version) {
    }

    private final long startNanos = System.nanoTime();
    private final IntSupplier connections;
    private final String version;
    private volatile boolean draining;

    public Health(IntSupplier connections, String version) {
        this.connections = connections;
        this.version = version;
    }

    /** Marks the server as shutting down: health turns 503 so load balancers stop sending clients. */
    public void startDraining() {
        draining = true;
    }

    public Snapshot snapshot() {
        long uptime = (System.nanoTime() - startNanos) / 1_000_000_000L;
        return new Snapshot(draining ? "draining" : "ok", !draining, connections.getAsInt(), uptime, version);
    }
}
