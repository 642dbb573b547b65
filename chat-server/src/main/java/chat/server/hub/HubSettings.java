package chat.server.hub;

import java.time.Duration;

/**
 * How the hub treats rooms and their history.
 *
 * @param recentMessages    messages kept in memory per room for {@code joined} and {@code since} resume
 * @param joinedHistory     messages a {@code joined} reply carries when the client gave no {@code since}
 * @param maxReplay         most messages replayed after {@code since}; a longer gap gets recent history
 *                          and {@code recovered:false}
 * @param joinedBudgetBytes bound on a {@code joined} reply's size (keep it well under the outbound limit)
 * @param flushInterval     fan-out flush coalescing window (0: flush every batch)
 * @param flushBytes        a shard's stream flushes early once this many bytes wait
 * @param privateRoomPrefix rooms whose name starts with it are joinable by invitation only ("" for none)
 */
public record HubSettings(int recentMessages, int joinedHistory, int maxReplay, long joinedBudgetBytes,
                          Duration flushInterval, int flushBytes, String privateRoomPrefix) {
}
