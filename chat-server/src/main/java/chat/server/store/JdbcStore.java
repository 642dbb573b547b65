package chat.server.store;

import chat.server.protocol.ChatMessage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What the two SQL stores share: the read side of {@link HistoryStore}, expressed once over
 * {@link JdbcHistory}'s queries. Each store supplies how a read gets its connection ({@link #read}).
 */
abstract class JdbcStore implements HistoryStore, Retention {

    /** A unit of JDBC work on a connection. */
    interface Query<T> {
        T run(Connection conn) throws SQLException;
    }

    /** Runs {@code query} on a connection for reading; failures become a {@link StoreException} naming {@code what}. */
    abstract <T> T read(String what, Query<T> query) throws StoreException;

    @Override
    public Map<String, Long> maxSeqs() throws StoreException {
        return read("maxSeqs", JdbcHistory::maxSeqs);
    }

    @Override
    public long maxSeq(String room) throws StoreException {
        return read("maxSeq", c -> JdbcHistory.maxSeq(c, room));
    }

    @Override
    public List<ChatMessage> before(String room, long before, int limit) throws StoreException {
        return limit <= 0 ? List.of() : read("before", c -> JdbcHistory.before(c, room, before, limit));
    }

    @Override
    public List<ChatMessage> after(String room, long after, int limit) throws StoreException {
        return limit <= 0 ? List.of() : read("after", c -> JdbcHistory.after(c, room, after, limit));
    }

    @Override
    public List<DirectMessage> directs(String a, String b, int limit) throws StoreException {
        return limit <= 0 ? List.of() : read("directs", c -> JdbcHistory.directs(c, a, b, limit));
    }
}
