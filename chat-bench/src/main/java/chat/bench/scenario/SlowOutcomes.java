package chat.bench.scenario;

import chat.bench.client.BenchClient;
import chat.bench.client.LoopSet;
import chat.bench.sys.ProcReader;
import chat.bench.sys.TcpSocket;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Observes the slow clients: queued bytes from /proc/net/tcp, then their fate once they read again. */
final class SlowOutcomes {
    private final List<BenchClient> slow;
    private final int serverPort;
    private long clientRecvQueue;
    private long serverSendQueue;

    SlowOutcomes(List<BenchClient> slow, int serverPort) {
        this.slow = slow;
        this.serverPort = serverPort;
    }

    /** Sums the receive queues of the slow clients' sockets and the server's send queues toward them. */
    void captureQueues() {
        Set<Integer> ports = new HashSet<>();
        for (BenchClient c : slow) {
            if (c.channel() != null && c.channel().localAddress() instanceof InetSocketAddress a) {
                ports.add(a.getPort());
            }
        }
        for (TcpSocket t : ProcReader.tcpSockets()) {
            if (ports.contains(t.localPort()) && t.remotePort() == serverPort) {
                clientRecvQueue += t.rxQueue();
            } else if (t.localPort() == serverPort && ports.contains(t.remotePort())) {
                serverSendQueue += t.txQueue();
            }
        }
    }

    /** Waits (at most {@code seconds}) until every slow client is closed or stopped receiving frames. */
    void awaitSettled(LoopSet loops, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long lastFrames = -1;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        while (System.nanoTime() < deadline) {
            loops.barrier(2, TimeUnit.SECONDS);
            long frames = 0;
            int open = 0;
            for (BenchClient c : slow) {
                frames += c.framesReceived();
                open += c.state() == BenchClient.State.OPEN ? 1 : 0;
            }
            if (open == 0 || frames == lastFrames) {
                return;
            }
            lastFrames = frames;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
        }
    }

    /** Returns the number of slow clients that had connected. */
    long connected() {
        return slow.stream().filter(c -> c.state() == BenchClient.State.OPEN || c.state() == BenchClient.State.CLOSED)
                .count();
    }

    /** Returns marker frames the slow clients have read so far (call after a loop barrier). */
    long markers() {
        long m = 0;
        for (BenchClient c : slow) {
            m += c.markersReceived();
        }
        return m;
    }

    /** Returns outcomes by cause: the close cause for closed clients, "still open" otherwise. */
    Map<String, Long> byCause() {
        Map<String, Long> m = new TreeMap<>();
        for (BenchClient c : slow) {
            String k = switch (c.state()) {
                case CLOSED -> c.closeCause() == null ? "closed" : c.closeCause();
                case OPEN -> "still open";
                default -> "never connected";
            };
            m.merge(k, 1L, Long::sum);
        }
        return m;
    }

    long clientRecvQueueBytes() {
        return clientRecvQueue;
    }

    long serverSendQueueBytes() {
        return serverSendQueue;
    }
}
