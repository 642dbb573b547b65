package chat.bench.client;

import chat.bench.stats.MarkerHit;
import chat.bench.stats.StreamTracker;
import io.netty.channel.Channel;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated user: its identity (index, name, room, event loop, sender id), its connection and the
 * receiver-side state. Fields marked loop-confined are only touched on the client's event loop; read them
 * from elsewhere only after {@link LoopSet#barrier}.
 */
public final class BenchClient {
    /** Connection life cycle. */
    public enum State { NEW, CONNECTING, OPEN, FAILED, CLOSED }

    private final int index;
    private final URI uri;
    private final int room;
    private final int loop;
    private final int senderId;
    private final int streams;
    private final boolean tracked;
    private final AtomicInteger state = new AtomicInteger(State.NEW.ordinal());
    private final MarkerHit hit = new MarkerHit();
    private StreamTracker[] trackers; // loop-confined
    private long nextSeq; // loop-confined (senders)
    long framesReceived; // loop-confined
    long markersReceived; // loop-confined
    private volatile Channel channel;
    private volatile long connectStartNanos;
    private volatile long connectNanos = -1;
    private volatile int closeCode = -1;
    private volatile String closeReason;
    private volatile String closeCause;
    private volatile String error;
    private volatile boolean closingByBench;

    /**
     * Creates a client. {@code senderId} is -1 for receivers only; {@code streams} is the number of senders
     * it can receive from (its room's senders); {@code tracked} is false for clients whose deliveries are
     * not checked (slow clients).
     */
    public BenchClient(int index, URI uri, int room, int loop, int senderId, int streams, boolean tracked) {
        this.index = index;
        this.uri = uri;
        this.room = room;
        this.loop = loop;
        this.senderId = senderId;
        this.streams = streams;
        this.tracked = tracked;
    }

    public int index() { return index; }
    public URI uri() { return uri; }
    public int room() { return room; }
    public int loop() { return loop; }
    public int senderId() { return senderId; }
    public boolean tracked() { return tracked; }
    public Channel channel() { return channel; }
    public State state() { return State.values()[state.get()]; }
    public long connectNanos() { return connectNanos; }
    public int closeCode() { return closeCode; }
    public String closeReason() { return closeReason; }
    public String closeCause() { return closeCause; }
    public boolean closingByBench() { return closingByBench; }

    /** Returns the scratch marker of this connection (loop-confined). */
    public MarkerHit hit() {
        return hit;
    }

    /** Returns the tracker of the stream from the sender with room-local index {@code local} (loop-confined). */
    public StreamTracker stream(int local) {
        if (trackers == null) {
            trackers = new StreamTracker[streams];
        }
        StreamTracker t = trackers[local];
        if (t == null) {
            t = new StreamTracker();
            trackers[local] = t;
        }
        return t;
    }

    /** Returns and advances this sender's sequence number (loop-confined). */
    public long nextSeq() {
        return nextSeq++;
    }

    /** Counts one frame carrying a marker (loop-confined). */
    public void countMarker() {
        markersReceived++;
    }

    /** Returns text frames received (read after a loop barrier). */
    public long framesReceived() {
        return framesReceived;
    }

    /** Returns frames that carried a marker (read after a loop barrier). */
    public long markersReceived() {
        return markersReceived;
    }

    /** Returns the number of sequence numbers still missing over all streams (read after a loop barrier). */
    public long missing() {
        long m = 0;
        if (trackers != null) {
            for (StreamTracker t : trackers) {
                m += t == null ? 0 : t.missing();
            }
        }
        return m;
    }

    boolean startConnecting(long nowNanos) {
        connectStartNanos = nowNanos;
        return state.compareAndSet(State.NEW.ordinal(), State.CONNECTING.ordinal());
    }

    void attach(Channel ch) {
        channel = ch;
    }

    boolean markOpen(long nowNanos) {
        if (state.compareAndSet(State.CONNECTING.ordinal(), State.OPEN.ordinal())) {
            connectNanos = nowNanos - connectStartNanos;
            return true;
        }
        return false;
    }

    boolean markFailed() {
        return state.compareAndSet(State.CONNECTING.ordinal(), State.FAILED.ordinal())
                || state.compareAndSet(State.NEW.ordinal(), State.FAILED.ordinal());
    }

    boolean markClosed(String cause) {
        if (state.compareAndSet(State.OPEN.ordinal(), State.CLOSED.ordinal())) {
            closeCause = cause;
            return true;
        }
        return false;
    }

    void noteCloseFrame(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    void noteError(String cause) {
        if (error == null) {
            error = cause;
        }
    }

    /** Returns the first error seen on the open connection, or null. */
    public String error() {
        return error;
    }

    /** Closes the connection as part of the bench's own shutdown (not counted as a server disconnect). */
    public void closeByBench() {
        closingByBench = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }
}
