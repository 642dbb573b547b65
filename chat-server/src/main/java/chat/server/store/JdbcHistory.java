package chat.server.store;

import chat.server.protocol.ChatMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The SQL both JDBC stores share (the queries are the same in SQLite and PostgreSQL; only the DDL in
 * {@link Schema} differs). Every method works on a connection the caller owns and guards.
 *
 * <p>Blocking; never call on an event loop.
 */
final class JdbcHistory {

    private static final String INSERT_MESSAGE =
            "INSERT INTO messages (room, seq, ts, sender, text) VALUES (?, ?, ?, ?, ?)";
    private static final String INSERT_DIRECT =
            "INSERT INTO directs (ts, sender, recipient, text) VALUES (?, ?, ?, ?)";
    private static final String MAX_SEQS = "SELECT room, MAX(seq) FROM messages GROUP BY room";
    private static final String MAX_SEQ = "SELECT MAX(seq) FROM messages WHERE room = ?";
    private static final String BEFORE = "SELECT seq, ts, sender, text FROM messages"
            + " WHERE room = ? AND seq < ? ORDER BY seq DESC LIMIT ?";
    private static final String AFTER = "SELECT seq, ts, sender, text FROM messages"
            + " WHERE room = ? AND seq > ? ORDER BY seq ASC LIMIT ?";
    private static final String DIRECTS_ONE_WAY = "SELECT id, ts, sender, recipient, text FROM directs"
            + " WHERE sender = ? AND recipient = ? ORDER BY id DESC LIMIT ?";
    /** Each direction is an index range scan on (sender, recipient, id); the union keeps the newest. */
    private static final String DIRECTS_BOTH_WAYS = "SELECT id, ts, sender, recipient, text FROM ("
            + "SELECT * FROM (" + DIRECTS_ONE_WAY + ") d1"
            + " UNION ALL SELECT * FROM (" + DIRECTS_ONE_WAY + ") d2"
            + ") d ORDER BY id DESC LIMIT ?";
    /** Keeps each room's newest message whatever its age, so that maxSeq (and thus seq continuity) survives. */
    private static final String DELETE_OLD_MESSAGES = "DELETE FROM messages WHERE ts < ?"
            + " AND seq < (SELECT MAX(m.seq) FROM messages m WHERE m.room = messages.room)";
    private static final String DELETE_OLD_DIRECTS = "DELETE FROM directs WHERE ts < ?";

    /**
     * Every room that holds more than {@code ?} messages, with the seq of its ({@code ?}+1)-th newest message:
     * that one and everything below it go. Rooms are enumerated by a loose index scan of the (room, seq) primary
     * key (one index seek per room, not a scan of the table), and each cut-off is a backward walk of
     * {@code perRoom + 1} entries of that key — both dialects, no table scan, nothing per row. A room with
     * {@code perRoom} messages or fewer gets a NULL cut-off (skipped by the caller: filtering in SQL would
     * make both engines evaluate the cut-off twice).
     */
    static final String KEEP_NEWEST_CUTOFFS = "WITH RECURSIVE rooms(room) AS ("
            + "SELECT (SELECT room FROM messages ORDER BY room LIMIT 1)"
            + " UNION ALL"
            + " SELECT (SELECT m.room FROM messages m WHERE m.room > r.room ORDER BY m.room LIMIT 1)"
            + " FROM rooms r WHERE r.room IS NOT NULL)"
            + " SELECT room, (SELECT m.seq FROM messages m WHERE m.room = rooms.room"
            + " ORDER BY m.seq DESC LIMIT 1 OFFSET ?) AS cutoff"
            + " FROM rooms WHERE room IS NOT NULL";
    /** One room's range below its cut-off: a range of the primary key. */
    static final String DELETE_ROOM_UP_TO = "DELETE FROM messages WHERE room = ? AND seq <= ?";

    private JdbcHistory() {
    }

    /**
     * Inserts the batch with prepared, batched statements. The caller owns the transaction (auto-commit off)
     * and commits or rolls back. {@code clean} is applied to every stored string (identity for most dialects).
     */
    static void insert(Connection conn, List<ChatMessage> messages, List<DirectMessage> directs,
                       UnaryOperator<String> clean) throws SQLException {
        if (!messages.isEmpty()) {
            try (PreparedStatement ps = conn.prepareStatement(INSERT_MESSAGE)) {
                for (ChatMessage m : messages) {
                    ps.setString(1, clean.apply(m.room()));
                    ps.setLong(2, m.seq());
                    ps.setLong(3, m.ts());
                    ps.setString(4, clean.apply(m.from()));
                    ps.setString(5, clean.apply(m.text()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!directs.isEmpty()) {
            try (PreparedStatement ps = conn.prepareStatement(INSERT_DIRECT)) {
                for (DirectMessage d : directs) {
                    ps.setLong(1, d.ts());
                    ps.setString(2, clean.apply(d.from()));
                    ps.setString(3, clean.apply(d.to()));
                    ps.setString(4, clean.apply(d.text()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    static Map<String, Long> maxSeqs(Connection conn) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(MAX_SEQS)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    static long maxSeq(Connection conn, String room) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(MAX_SEQ)) {
            ps.setString(1, room);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L; // MAX of nothing is NULL, read as 0
            }
        }
    }

    static List<ChatMessage> before(Connection conn, String room, long before, int limit) throws SQLException {
        List<ChatMessage> out = page(conn, BEFORE, room, before, limit);
        Collections.reverse(out);
        return out;
    }

    static List<ChatMessage> after(Connection conn, String room, long after, int limit) throws SQLException {
        return page(conn, AFTER, room, after, limit);
    }

    private static List<ChatMessage> page(Connection conn, String sql, String room, long bound, int limit)
            throws SQLException {
        List<ChatMessage> out = new ArrayList<>(Math.min(limit, 256));
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, room);
            ps.setLong(2, bound);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChatMessage(room, rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    static List<DirectMessage> directs(Connection conn, String a, String b, int limit) throws SQLException {
        List<DirectMessage> out = new ArrayList<>(Math.min(limit, 256));
        boolean self = a.equals(b);
        try (PreparedStatement ps = conn.prepareStatement(self ? DIRECTS_ONE_WAY : DIRECTS_BOTH_WAYS)) {
            ps.setString(1, a);
            ps.setString(2, b);
            ps.setInt(3, limit);
            if (!self) {
                ps.setString(4, b);
                ps.setString(5, a);
                ps.setInt(6, limit);
                ps.setInt(7, limit);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DirectMessage(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** Deletes old rows (see {@link Retention}); the caller owns the transaction. Returns the rows deleted. */
    static int deleteOlderThan(Connection conn, long tsMillis) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = conn.prepareStatement(DELETE_OLD_MESSAGES)) {
            ps.setLong(1, tsMillis);
            n += ps.executeUpdate();
        }
        try (PreparedStatement ps = conn.prepareStatement(DELETE_OLD_DIRECTS)) {
            ps.setLong(1, tsMillis);
            n += ps.executeUpdate();
        }
        return n;
    }

    /** One room and the highest seq {@link Retention#keepNewest} deletes in it. */
    record Cutoff(String room, long seq) {
    }

    /**
     * Returns the rooms that hold more than {@code perRoom} messages, with their cut-off (see
     * {@link #KEEP_NEWEST_CUTOFFS}).
     */
    static List<Cutoff> keepNewestCutoffs(Connection conn, int perRoom) throws SQLException {
        List<Cutoff> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(KEEP_NEWEST_CUTOFFS)) {
            ps.setInt(1, perRoom);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long cutoff = rs.getLong(2);
                    if (!rs.wasNull()) {
                        out.add(new Cutoff(rs.getString(1), cutoff));
                    }
                }
            }
        }
        return out;
    }

    /** Validates the argument of {@link Retention#keepNewest} the same way in every store. */
    static void checkPerRoom(int perRoom) {
        if (perRoom < 1) {
            throw new IllegalArgumentException("keepNewest needs at least 1 message per room (each room's newest"
                    + " message always stays), got " + perRoom);
        }
    }

    /** Validates the arguments every store checks the same way. */
    static void checkBatch(List<ChatMessage> messages, List<DirectMessage> directs) {
        if (messages == null || directs == null) {
            throw new IllegalArgumentException("append needs non-null lists (use List.of() for none)");
        }
    }

    /** Whether {@code e} (or a cause) is a unique/primary-key violation, in either dialect. */
    static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if ("23505".equals(state)) {
                    return true; // PostgreSQL unique_violation
                }
                String msg = String.valueOf(s.getMessage());
                if (msg.contains("SQLITE_CONSTRAINT_PRIMARYKEY") || msg.contains("SQLITE_CONSTRAINT_UNIQUE")) {
                    return true;
                }
                if (s.getNextException() != null && s.getNextException() != t
                        && isUniqueViolation(s.getNextException())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The driver's message without the statement text: a batch failure is reported by its first underlying
     * error (PostgreSQL's BatchUpdateException message would otherwise quote the batch, i.e. chat text).
     */
    static String reason(SQLException e) {
        SQLException next = e.getNextException();
        return e instanceof java.sql.BatchUpdateException && next != null ? next.getMessage() : e.getMessage();
    }

    /** The message of a failed append: what happened and that nothing of the batch was stored. */
    static String appendFailure(String where, int messages, int directs, SQLException e) {
        String what = isUniqueViolation(e)
                ? "a message with the same (room, seq) is already stored or repeated in the batch"
                : reason(e);
        return where + ": append of " + messages + " messages and " + directs
                + " directs failed, nothing of this batch was stored: " + what;
    }
}
