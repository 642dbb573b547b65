package chat.server.history;

import chat.server.protocol.ChatMessage;
import chat.server.store.DirectMessage;
import chat.server.store.HistoryStore;
import chat.server.store.SequencingStore;
import chat.server.store.StoreException;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Group commit: rooms queue messages in a bounded queue; one writer thread drains whatever is queued
 * (up to {@code batchSize}, optionally waiting {@code maxWaitNanos} for more), stores it in one
 * transaction, then hands each committed message back to its room's executor — one task per executor
 * per batch. Nothing here ever runs on an event loop, and no event loop ever waits for it.
 *
 * <p>A failed commit is retried with backoff until it succeeds: the messages already have their seq,
 * and dropping them would leave a gap. Meanwhile the queue fills and new messages are refused with
 * {@code unavailable}; the server recovers by itself when the store returns.
 */
final class QueuedHistoryWriter implements HistoryWriter {
    private static final Logger logger = LoggerFactory.getLogger(QueuedHistoryWriter.class);
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private final HistoryStore store;
    private final ArrayBlockingQueue<PendingWrite> queue;
    private final int batchSize;
    private final long maxWaitNanos;
    private final Thread thread;
    private final CommitListener listener;
    /** Cluster mode: the store numbers the room messages in its commit ({@link SequencingStore}). */
    private final boolean numbering;
    private volatile boolean healthy = true;
    private volatile boolean stopping;

    QueuedHistoryWriter(HistoryStore store, int capacity, int batchSize, long maxWaitNanos, CommitListener listener,
                        boolean numbering) {
        this.store = store;
        this.numbering = numbering;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.maxWaitNanos = maxWaitNanos;
        this.listener = listener;
        this.thread = new Thread(this::run, "chat-store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public boolean submit(PendingWrite write) {
        return !stopping && queue.offer(write);
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public int queued() {
        return queue.size();
    }

    private void run() {
        List<PendingWrite> batch = new ArrayList<>(batchSize);
        while (!stopping || !queue.isEmpty()) {
            try {
                PendingWrite first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                if (maxWaitNanos > 0 && batch.size() < batchSize) {
                    long deadline = System.nanoTime() + maxWaitNanos;
                    PendingWrite more;
                    while (batch.size() < batchSize
                            && (more = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
                        batch.add(more);
                        queue.drainTo(batch, batchSize - batch.size());
                    }
                }
                announce(batch, commitUntilDone(batch));
            } catch (InterruptedException e) {
                if (!stopping) {
                    logger.warn("store writer interrupted; {} writes pending", batch.size() + queue.size());
                }
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /** Returns the room messages as stored (numbered by the store in cluster mode), in batch order. */
    private List<ChatMessage> commitUntilDone(List<PendingWrite> batch) throws InterruptedException {
        List<ChatMessage> messages = new ArrayList<>(batch.size());
        List<DirectMessage> directs = new ArrayList<>();
        for (PendingWrite w : batch) {
            if (w.message() != null) {
                messages.add(w.message());
            } else {
                directs.add(w.direct());
            }
        }
        long backoff = 50;
        while (true) {
            long start = System.nanoTime();
            try {
                List<ChatMessage> stored = messages;
                if (numbering) {
                    stored = ((SequencingStore) store).appendSequenced(messages, directs);
                } else {
                    store.append(messages, directs);
                }
                listener.committed(batch.size(), System.nanoTime() - start);
                if (!healthy) {
                    logger.info("history store {} is back; committed {} waiting messages", store.describe(), batch.size());
                    healthy = true;
                }
                return stored;
            } catch (StoreException | RuntimeException e) {
                if (healthy) {
                    logger.error("history store {} failed: {}; retrying, new messages get 'unavailable' once {} are queued",
                            store.describe(), e.getMessage(), queue.remainingCapacity() + queue.size());
                    healthy = false;
                }
                if (stopping && backoff >= MAX_BACKOFF_MILLIS) {
                    logger.error("giving up on {} unstored messages at shutdown", batch.size());
                    return null;
                }
                Thread.sleep(backoff); // the writer's own thread: no event loop waits for this
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    /**
     * Runs each write's callback on its executor with its stored message: one task per executor for the whole
     * batch. {@code stored} is {@code null} when the batch was given up at shutdown (nothing to announce).
     */
    private static void announce(List<PendingWrite> batch, List<ChatMessage> stored) {
        if (stored == null) {
            return;
        }
        Map<EventExecutor, List<Runnable>> byExecutor = new IdentityHashMap<>();
        int next = 0;
        for (PendingWrite w : batch) {
            ChatMessage m = w.message() == null ? null : stored.get(next++);
            byExecutor.computeIfAbsent(w.executor(), e -> new ArrayList<>()).add(() -> w.onCommitted().accept(m));
        }
        byExecutor.forEach((executor, tasks) -> {
            try {
                executor.execute(() -> tasks.forEach(Runnable::run));
            } catch (RejectedExecutionException e) {
                logger.debug("executor stopped before {} committed messages could be shown", tasks.size());
            }
        });
    }

    /** Stops accepting, stores what is queued (bounded wait), and ends the thread. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
