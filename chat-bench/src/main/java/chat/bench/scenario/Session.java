package chat.bench.scenario;

import chat.bench.BenchException;
import chat.bench.BenchOptions;
import chat.bench.BenchResult;
import chat.bench.client.BenchClient;
import chat.bench.client.ClientUris;
import chat.bench.client.ConnectionStats;
import chat.bench.client.Connector;
import chat.bench.client.HandshakeWarmup;
import chat.bench.client.LoopSet;
import chat.bench.client.Payload;
import chat.bench.client.Transport;
import chat.bench.stats.ConnectResult;
import chat.bench.stats.FindMaxResult;
import chat.bench.stats.MemoryReport;
import chat.bench.stats.PhaseResult;
import chat.bench.stats.SlowReport;
import chat.bench.sys.Environment;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The resources of one run: event loops, the clients (built from the {@link Topology}), the receive path,
 * progress output. Connects, hands out a {@link PhaseRunner}, assembles the {@link BenchResult}, and closes
 * everything (bounded) when done.
 */
final class Session implements AutoCloseable {
    final BenchOptions options;
    final Topology topology;
    final LoopSet loops;
    final ConnectionStats stats = new ConnectionStats();
    final DeliveryRecorder recorder;
    final LongAdder liveSent = new LongAdder();
    final Progress progress;
    final List<BenchClient> clients = new ArrayList<>();
    final Payload payload;
    final List<String> notes = new ArrayList<>();
    private final Environment environment;

    Session(BenchOptions o, Topology topology, PrintStream progressOut) throws BenchException {
        this.options = o;
        this.topology = topology;
        Transport transport;
        try {
            transport = Transport.select(o.transport());
        } catch (IllegalStateException e) {
            throw new BenchException(e.getMessage());
        }
        int threads = o.effectiveThreads();
        loops = new LoopSet(transport, threads, (int) (o.connectTimeout() * 1000));
        environment = Environment.capture(transport.name(), threads);
        int run = java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 1_000_000);
        recorder = new DeliveryRecorder(run, topology, o.expectEcho(), loops.size());
        payload = new Payload(run, o.size(), o.sendJson());
        for (int i = 0; i < topology.clients(); i++) {
            int room = topology.roomOf(i);
            clients.add(new BenchClient(i, ClientUris.forClient(o.urlOf(i), o.namePrefix() + i, topology.roomName(room)),
                    room, i % loops.size(), topology.senderIdOf(i), Math.max(1, topology.sendersPerRoom()),
                    topology.tracked(i)));
        }
        progress = new Progress(stats, recorder, liveSent, o.progress() ? progressOut : null);
    }

    /** Connects every client (bounded) and returns how it went; tracked counts then cover connected clients. */
    ConnectResult connect() throws BenchException {
        InetSocketAddress remote = new InetSocketAddress(options.url().getHost(), port());
        if (remote.isUnresolved()) {
            throw new BenchException("cannot resolve host " + options.url().getHost());
        }
        if (HandshakeWarmup.run(options.warmupHandshakes()) < options.warmupHandshakes()) {
            notes.add("in-memory handshake warm-up did not complete");
        }
        int sources = options.effectiveSourceAddresses();
        Connector connector = new Connector(loops, remote, sources, options.ramp(), options.maxPendingConnects(),
                (long) (options.connectTimeout() * 1000), recorder, stats);
        double seconds = connector.connectAll(clients);
        boolean[] connected = new boolean[clients.size()];
        for (BenchClient c : clients) {
            connected[c.index()] = c.state() == BenchClient.State.OPEN;
        }
        topology.recount(connected);
        long ok = stats.opened();
        long failed = stats.failures().total();
        return new ConnectResult(clients.size(), ok, failed, stats.failures().snapshot(), stats.connectTimes(),
                round(seconds), round(ok / Math.max(seconds, 1e-9)), sources);
    }

    /** Fails the run when fewer than {@code min} clients are connected. */
    void requireConnected(ConnectResult r, int min) throws BenchException {
        if (r.connected() < min) {
            throw new BenchException("only " + r.connected() + " of " + r.attempted() + " connections opened (need "
                    + min + "); failures: " + r.failures());
        }
        if (r.failed() > 0) {
            notes.add(r.failed() + " connection(s) failed; expectations count connected clients only");
        }
    }

    /** Returns a phase runner over the connected clients. */
    PhaseRunner phases() {
        return new PhaseRunner(this);
    }

    /** Assembles the result of the run. */
    BenchResult result(ConnectResult connect, MemoryReport memory, List<PhaseResult> phases, FindMaxResult findMax,
                       SlowReport slow) {
        return new BenchResult(options.scenario(), options, environment, connect, memory, List.copyOf(phases),
                findMax, slow, stats.disconnects().snapshot(), recorder.otherFrames().snapshot(),
                recorder.untrackedMarkers(), recorder.malformed(), recorder.foreign(), progress.timeline(),
                List.copyOf(notes));
    }

    /** Sleeps for {@code seconds} (bounded, uninterruptible by design: the run must end by itself). */
    static void sleep(double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private int port() {
        int p = options.url().getPort();
        return p > 0 ? p : 80;
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    /** Closes every connection (sending close frames), waits at most 3 s for them, and stops the loops. */
    @Override
    public void close() {
        progress.close();
        for (BenchClient c : clients) {
            c.closeByBench();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (stats.open() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        loops.close();
    }
}
