package chat.bench.stats;

import java.util.Map;

/**
 * What happened to the clients that stopped reading: outcomes by cause ("server close 1013 too slow",
 * "still open", ...), the bytes queued for them when the measurement ended (their receive queues, and the
 * server's send queues toward them when the server is on this host), marker frames they read after resuming,
 * and the other clients' p99 without and with them.
 */
public record SlowReport(int slowClients, long slowConnected, Map<String, Long> outcomes,
                         long clientRecvQueueBytes, long serverSendQueueBytes, long markersReadAfterResume,
                         double baselineP99Ms, double withSlowP99Ms) {
}
