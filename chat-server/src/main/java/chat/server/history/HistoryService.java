package chat.server.history;

import chat.server.protocol.ChatMessage;
import chat.server.store.DirectMessage;
import chat.server.store.HistoryStore;
import chat.server.store.MemoryStore;
import chat.server.store.SequencingStore;
import chat.server.store.StoreException;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The rooms' view of durable history: the writer that stores before show, blocking reads moved off the
 * event loops, and the sequence source — each room's last seq, loaded at start and kept while the server
 * runs, so a seq is never reused (not when an empty room is dropped and recreated, not across restarts).
 * Thread-safe.
 */
public final class HistoryService implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(HistoryService.class);
    static final long PING_SECONDS = 5;

    /** A read's outcome: the messages, or {@code null} with the failure. */
    public record ReadResult<T>(T value, StoreException error) {
    }

    private final HistoryStore store;
    private final HistoryWriter writer;
    private final ExecutorService readers;
    private final Map<String, Long> lastSeqs;
    /** Store pings and retention: slow, blocking chores that must not delay reads or writes. */
    private final ScheduledExecutorService maintenance;
    /** The last ping's answer — or {@code true} again as soon as a commit succeeds. */
    private final AtomicBoolean reachable;
    private final boolean numbering;

    private HistoryService(HistoryStore store, HistoryWriter writer, Map<String, Long> lastSeqs, AtomicBoolean reachable,
                           boolean numbering) {
        this.store = store;
        this.numbering = numbering;
        this.writer = writer;
        this.lastSeqs = lastSeqs;
        this.reachable = reachable;
        AtomicInteger n = new AtomicInteger();
        this.readers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "chat-store-reader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chat-store-maintenance");
            t.setDaemon(true);
            return t;
        });
        // An idle server has no commits to fail: ping, so readiness notices a store that went away.
        maintenance.scheduleWithFixedDelay(this::ping, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
    }

    private void ping() {
        try {
            reachable.set(store.ping());
        } catch (RuntimeException e) {
            reachable.set(false);
        }
    }

    /**
     * Opens the service on {@code store}: loads every room's last seq (blocking, at start only) and
     * starts the writer — inline for the in-memory store, a group-commit thread otherwise.
     */
    public static HistoryService start(HistoryStore store, int queueCapacity, int batchSize, long maxWaitNanos,
                                       CommitListener listener) throws StoreException {
        return start(store, queueCapacity, batchSize, maxWaitNanos, listener, false);
    }

    /**
     * Like {@link #start(HistoryStore, int, int, long, CommitListener)}; with {@code numbering} (cluster mode) the
     * store — a {@link SequencingStore} — assigns each room message's seq in its commit.
     */
    public static HistoryService start(HistoryStore store, int queueCapacity, int batchSize, long maxWaitNanos,
                                       CommitListener listener, boolean numbering) throws StoreException {
        if (numbering && !(store instanceof SequencingStore)) {
            throw new StoreException("cluster mode needs a shared store that numbers messages (PostgreSQL), not "
                    + store.describe());
        }
        Map<String, Long> seqs = new ConcurrentHashMap<>(store.maxSeqs());
        AtomicBoolean reachable = new AtomicBoolean(true);
        CommitListener onCommit = (messages, nanos) -> {
            reachable.set(true);
            listener.committed(messages, nanos);
        };
        HistoryWriter writer = store instanceof MemoryStore
                ? new InlineHistoryWriter(store)
                : new QueuedHistoryWriter(store, queueCapacity, batchSize, maxWaitNanos, onCommit, numbering);
        logger.info("history store {}: {} rooms with history", store.describe(), seqs.size());
        return new HistoryService(store, writer, seqs, reachable, numbering);
    }

    /** Prunes history per the retention rules (0 = keep everything), at start and then hourly, off the event loops. */
    public HistoryService retain(int retainDays, int retainMessages) {
        RetentionTask.schedule(store, retainDays, retainMessages, maintenance);
        return this;
    }

    /** Returns the last seq assigned in {@code room} (0 for a new room). */
    public long lastSeq(String room) {
        return lastSeqs.getOrDefault(room, 0L);
    }

    /** Remembers {@code room}'s last assigned seq when the room leaves memory. */
    public void rememberLastSeq(String room, long seq) {
        if (seq > 0) {
            lastSeqs.merge(room, seq, Math::max);
        }
    }

    /** Returns whether history lives only in memory (nothing survives a restart). */
    public boolean inMemory() {
        return store instanceof MemoryStore;
    }

    /** Queues a room message; {@code onCommitted} runs on {@code executor} once it is durable. {@code false} if refused. */
    public boolean store(ChatMessage m, EventExecutor executor, Runnable onCommitted) {
        return writer.submit(new PendingWrite(m, null, executor, stored -> onCommitted.run()));
    }

    /**
     * Cluster mode: queues a room message whose seq the shared store assigns in its commit
     * ({@link SequencingStore}); {@code onCommitted} gets it, numbered, on {@code executor}. {@code false} if refused.
     */
    public boolean storeNumbered(ChatMessage draft, EventExecutor executor, Consumer<ChatMessage> onCommitted) {
        if (!numbering) {
            throw new IllegalStateException("the store " + store.describe() + " does not number messages");
        }
        return writer.submit(new PendingWrite(draft, null, executor, onCommitted));
    }

    /** Whether the store assigns seqs itself (cluster mode on a shared store). */
    public boolean numbering() {
        return numbering;
    }

    /** Queues a direct message, like {@link #store(ChatMessage, EventExecutor, Runnable)}. */
    public boolean store(DirectMessage d, EventExecutor executor, Runnable onCommitted) {
        return writer.submit(new PendingWrite(null, d, executor, stored -> onCommitted.run()));
    }

    /** Reads {@code room}'s newest stored seq off the event loops (cluster mode: other nodes add to it). */
    public void readLastSeq(String room, EventExecutor executor, Consumer<ReadResult<Long>> then) {
        read(() -> store.maxSeq(room), executor, then);
    }

    /** Reads messages after {@code after} off the event loops; {@code then} runs on {@code executor}. */
    public void readAfter(String room, long after, int limit, EventExecutor executor,
                          Consumer<ReadResult<List<ChatMessage>>> then) {
        read(() -> store.after(room, after, limit), executor, then);
    }

    /** Reads the newest {@code limit} messages before {@code before}, ascending; {@code then} runs on {@code executor}. */
    public void readBefore(String room, long before, int limit, EventExecutor executor,
                           Consumer<ReadResult<List<ChatMessage>>> then) {
        read(() -> store.before(room, before, limit), executor, then);
    }

    private interface Read<T> {
        T run() throws StoreException;
    }

    private <T> void read(Read<T> read, EventExecutor executor, Consumer<ReadResult<T>> then) {
        try {
            readers.execute(() -> {
                ReadResult<T> result;
                try {
                    result = new ReadResult<>(read.run(), null);
                } catch (StoreException e) {
                    result = new ReadResult<>(null, e);
                } catch (RuntimeException e) {
                    result = new ReadResult<>(null, new StoreException(e.toString(), e));
                }
                ReadResult<T> r = result;
                try {
                    executor.execute(() -> then.accept(r));
                } catch (RejectedExecutionException ignored) {
                    // the server is stopping
                }
            });
        } catch (RejectedExecutionException e) {
            executor.execute(() -> then.accept(new ReadResult<>(null, new StoreException("server stopping"))));
        }
    }

    /** Returns whether the last commit succeeded and the last ping (every {@value #PING_SECONDS} s) was answered. */
    public boolean healthy() {
        return writer.healthy() && reachable.get();
    }

    public int queued() {
        return writer.queued();
    }

    public String describe() {
        return store.describe();
    }

    /** Stores what is queued (bounded), stops the threads and closes the store. */
    @Override
    public void close() {
        maintenance.shutdownNow();
        writer.close();
        readers.shutdownNow();
        store.close();
    }
}
