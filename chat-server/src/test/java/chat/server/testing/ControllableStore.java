package chat.server.testing;

import chat.server.protocol.ChatMessage;
import chat.server.store.DirectMessage;
import chat.server.store.HistoryStore;
import chat.server.store.MemoryStore;
import chat.server.store.StoreException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A store for failure tests: wraps a {@link MemoryStore}, and can be made to hang or to fail on append. */
public final class ControllableStore implements HistoryStore {
    private final MemoryStore delegate = new MemoryStore(10_000);
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean failing;

    /** Makes appends block until {@link #release()}. */
    public void hang() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    /** Makes appends throw (an outage) until {@code failing} is false again. */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    @Override
    public void append(List<ChatMessage> messages, List<DirectMessage> directs) throws StoreException {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new StoreException("test gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        }
        if (failing) {
            throw new StoreException("simulated outage");
        }
        delegate.append(messages, directs);
    }

    @Override
    public Map<String, Long> maxSeqs() throws StoreException {
        return delegate.maxSeqs();
    }

    @Override
    public long maxSeq(String room) throws StoreException {
        return delegate.maxSeq(room);
    }

    @Override
    public List<ChatMessage> before(String room, long before, int limit) throws StoreException {
        return delegate.before(room, before, limit);
    }

    @Override
    public List<ChatMessage> after(String room, long after, int limit) throws StoreException {
        return delegate.after(room, after, limit);
    }

    @Override
    public List<DirectMessage> directs(String a, String b, int limit) throws StoreException {
        return delegate.directs(a, b, limit);
    }

    @Override
    public String describe() {
        return "controllable";
    }

    @Override
    public boolean ping() {
        return !failing;
    }

    @Override
    public void close() {
        release();
        delegate.close();
    }
}
