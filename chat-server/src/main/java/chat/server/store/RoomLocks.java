package chat.server.store;

import chat.server.protocol.ChatMessage;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Numbers room messages inside a PostgreSQL transaction for {@link SequencingStore}: takes a transaction-scoped
 * advisory lock per room, reads the room's stored maximum seq and continues after it. The lock is held until
 * commit, so a second node's batch for the same room waits and then sees these rows: seqs never collide and
 * never skip. Rooms are locked in key order, so two batches never wait on each other in a cycle (no deadlock).
 * Retention always keeps a room's newest message, so the maximum never goes back.
 */
final class RoomLocks {
    private static final String LOCK = "SELECT pg_advisory_xact_lock(?)";
    private static final String MAX_SEQ = "SELECT coalesce(max(seq), 0) FROM messages WHERE room = ?";

    private RoomLocks() {
    }

    /** Returns {@code messages} with their seqs; the caller's transaction holds the room locks until it ends. */
    static List<ChatMessage> number(Connection conn, List<ChatMessage> messages) throws SQLException {
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (ChatMessage m : messages) {
            distinct.add(m.room());
        }
        List<String> rooms = new ArrayList<>(distinct);
        rooms.sort(Comparator.comparingLong(RoomLocks::lockKey).thenComparing(Comparator.naturalOrder()));
        Map<String, Long> last = new HashMap<>();
        try (PreparedStatement lock = conn.prepareStatement(LOCK);
             PreparedStatement max = conn.prepareStatement(MAX_SEQ)) {
            long locked = 0;
            boolean any = false;
            for (String room : rooms) {
                long key = lockKey(room);
                if (!any || key != locked) { // two rooms may share a key: lock it once
                    lock.setLong(1, key);
                    try (ResultSet rs = lock.executeQuery()) {
                        rs.next();
                    }
                    locked = key;
                    any = true;
                }
                max.setString(1, room);
                try (ResultSet rs = max.executeQuery()) {
                    rs.next();
                    last.put(room, rs.getLong(1));
                }
            }
        }
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            long seq = last.merge(m.room(), 1L, Long::sum);
            out.add(new ChatMessage(m.room(), seq, m.ts(), m.from(), m.text()));
        }
        return out;
    }

    /** A stable 64-bit FNV-1a hash of the room name: the advisory lock's key (same on every node). */
    static long lockKey(String room) {
        long h = 0xcbf29ce484222325L;
        for (byte b : ("chat.room:" + room).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
