package chat.server.store;

import chat.server.protocol.ChatMessage;

import java.util.List;
import java.util.Map;

/**
 * Durable history: room messages and direct messages. Every method blocks and may throw
 * {@link StoreException}; the server calls them only from its store writer thread or a blocking
 * executor — never from an event loop.
 *
 * <p>Implementations: {@code SqliteStore} (embedded default, WAL), {@code PostgresStore} (JDBC URL,
 * pooled), {@code MemoryStore} (an in-memory ring per room; nothing survives a restart).
 */
public interface HistoryStore extends AutoCloseable {

    /**
     * Stores a batch of room messages and direct messages in one transaction (group commit). Either all
     * are durable when this returns, or it throws and none are. {@code (room, seq)} is unique: appending
     * an existing pair throws.
     */
    void append(List<ChatMessage> messages, List<DirectMessage> directs) throws StoreException;

    /** Returns the highest stored seq of every room (rooms with no message are absent). Used once at start. */
    Map<String, Long> maxSeqs() throws StoreException;

    /** Returns the highest stored seq of {@code room}, or 0. */
    long maxSeq(String room) throws StoreException;

    /**
     * Returns up to {@code limit} messages of {@code room} with {@code seq < before} (all when
     * {@code before} is {@code Long.MAX_VALUE}), the newest ones, in ascending seq order.
     */
    List<ChatMessage> before(String room, long before, int limit) throws StoreException;

    /** Returns up to {@code limit} messages of {@code room} with {@code seq > after}, the oldest ones, ascending. */
    List<ChatMessage> after(String room, long after, int limit) throws StoreException;

    /** Returns the direct messages between {@code a} and {@code b} (either direction), newest {@code limit}, ascending by id. */
    List<DirectMessage> directs(String a, String b, int limit) throws StoreException;

    /** Returns a short description for logs and health ({@code sqlite:/path/chat.db}, {@code postgresql://host/db}, {@code memory}). */
    String describe();

    /** Returns whether the store answered a trivial query just now (for readiness). Blocking. */
    boolean ping();

    @Override
    void close();
}
