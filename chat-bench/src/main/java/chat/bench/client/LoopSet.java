package chat.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bench's event loops (many connections each) and one {@link Bootstrap} per loop, so a client's loop
 * index is fixed by the bench rather than by Netty's chooser. Channels use the pooled allocator and
 * TCP_NODELAY.
 */
public final class LoopSet implements AutoCloseable {
    private final Transport transport;
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop[] loops;
    private final Bootstrap[] bootstraps;

    /** Starts {@code threads} event loops on {@code transport}; connects time out after {@code connectTimeoutMillis}. */
    public LoopSet(Transport transport, int threads, int connectTimeoutMillis) {
        this.transport = transport;
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-loop", true),
                transport.factory());
        List<EventLoop> list = new ArrayList<>();
        for (EventExecutor e : group) {
            list.add((EventLoop) e);
        }
        loops = list.toArray(new EventLoop[0]);
        bootstraps = new Bootstrap[loops.length];
        for (int i = 0; i < loops.length; i++) {
            bootstraps[i] = new Bootstrap().group(loops[i]).channel(transport.channelClass())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
        }
    }

    /** Returns the transport name ("epoll" or "nio"). */
    public String transportName() {
        return transport.name();
    }

    /** Returns the number of event loops. */
    public int size() {
        return loops.length;
    }

    /** Returns loop {@code i}. */
    public EventLoop loop(int i) {
        return loops[i];
    }

    /** Returns a fresh copy of loop {@code i}'s bootstrap, to set a handler on. */
    public Bootstrap bootstrap(int i) {
        return bootstraps[i].clone();
    }

    /**
     * Runs an empty task on every loop and waits for all of them (bounded): everything a loop did before
     * then happens-before the return, so loop-confined state can be read.
     *
     * @return false when a loop did not answer within the timeout
     */
    public boolean barrier(long timeout, TimeUnit unit) {
        List<Future<?>> futures = new ArrayList<>();
        for (EventLoop l : loops) {
            futures.add(l.submit(() -> { }));
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Future<?> f : futures) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !f.awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** Shuts the loops down (bounded: at most a few seconds). */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
