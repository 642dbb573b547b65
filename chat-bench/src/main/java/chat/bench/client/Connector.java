package chat.bench.client;

import chat.bench.stats.BenchClock;
import io.netty.channel.ChannelFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Opens connections at a ramp rate (connections per second, spread evenly), with at most
 * {@code maxPending} handshakes in flight, optionally binding source addresses 127.0.0.2, 127.0.0.3, …
 * round-robin so that more connections fit than one address's ephemeral ports allow. Blocks until every
 * attempt has finished or a deadline passed; never waits unboundedly.
 */
public final class Connector {
    private final LoopSet loops;
    private final InetSocketAddress remote;
    private final java.util.Map<String, InetSocketAddress> byUri = new java.util.HashMap<>();
    private final InetSocketAddress[] sources;
    private final double ramp;
    private final int maxPending;
    private final long timeoutMillis;
    private final FrameListener listener;
    private final ConnectionStats stats;

    /**
     * Creates a connector to {@code remote}; {@code sourceAddresses} = 0 lets the kernel choose the source.
     * {@code timeoutMillis} bounds the TCP connect and, separately, the WebSocket handshake.
     */
    public Connector(LoopSet loops, InetSocketAddress remote, int sourceAddresses, double ramp, int maxPending,
                     long timeoutMillis, FrameListener listener, ConnectionStats stats) {
        this.loops = loops;
        this.remote = remote;
        this.sources = sourceAddresses(sourceAddresses);
        this.ramp = ramp;
        this.maxPending = maxPending;
        this.timeoutMillis = timeoutMillis;
        this.listener = listener;
        this.stats = stats;
    }

    private static InetSocketAddress[] sourceAddresses(int k) {
        InetSocketAddress[] a = new InetSocketAddress[k];
        for (int i = 0; i < k; i++) {
            try {
                a[i] = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}), 0);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return a;
    }

    /**
     * Connects every client in order; returns the elapsed seconds of the whole attempt. Clients that did not
     * finish by the deadline (ramp time + 2 × timeout + 5 s) are counted as failed and closed.
     */
    public double connectAll(List<BenchClient> clients) {
        long start = System.nanoTime();
        long deadline = start + (long) (clients.size() / ramp * 1e9) + TimeUnit.MILLISECONDS.toNanos(2 * timeoutMillis)
                + TimeUnit.SECONDS.toNanos(5);
        int next = 0;
        while (next < clients.size() && System.nanoTime() < deadline) {
            long due = Math.min(clients.size(), (long) ((System.nanoTime() - start) / 1e9 * ramp) + 1);
            while (next < due && stats.pending() < maxPending) {
                launch(clients.get(next), next);
                next++;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        while (stats.pending() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        for (BenchClient c : clients) {
            if (c.markFailed()) {
                boolean launched = c.channel() != null;
                if (launched) {
                    stats.onFailed("timeout (bench deadline)");
                    c.channel().close();
                } else {
                    stats.failures().add("not attempted (bench deadline)");
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The client's own server (--also-url spreads clients over several), else the default remote. */
    private InetSocketAddress remoteOf(BenchClient c) {
        java.net.URI u = c.uri();
        int port = u.getPort() > 0 ? u.getPort() : 80;
        if (u.getHost() == null || (u.getHost().equals(remote.getHostString()) && port == remote.getPort())) {
            return remote;
        }
        return byUri.computeIfAbsent(u.getHost() + ":" + port, k -> new InetSocketAddress(u.getHost(), port));
    }

    private void launch(BenchClient c, int i) {
        if (!c.startConnecting(BenchClock.now())) {
            return;
        }
        stats.onLaunch();
        ClientInitializer init = new ClientInitializer(c, listener, stats, timeoutMillis);
        var bootstrap = loops.bootstrap(c.loop()).handler(init);
        InetSocketAddress to = remoteOf(c);
        ChannelFuture f = sources.length == 0 ? bootstrap.connect(to)
                : bootstrap.connect(to, sources[i % sources.length]);
        c.attach(f.channel());
        f.addListener(done -> {
            if (!done.isSuccess() && c.markFailed()) {
                stats.onFailed(Causes.describe(done.cause()));
            }
        });
    }
}
