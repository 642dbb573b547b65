package chat.bench.stats;

import java.util.Map;

/**
 * How connecting went: attempts, successes, failures by cause, connect time (TCP connect + WebSocket
 * handshake) percentiles, the achieved rate, and the source addresses used (0 = kernel's choice).
 */
public record ConnectResult(int attempted, long connected, long failed, Map<String, Long> failures,
                            LatencySummary connectTime, double seconds, double ratePerSec, int sourceAddresses) {
}
