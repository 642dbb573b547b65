package chat.server.perimeter;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps on WebSocket connections: in total ({@code --max-connections}) and per client address
 * ({@code --max-connections-per-ip}); 0 means no cap. Lock-free; any thread.
 */
public final class ConnectionLimits {
    /** The outcome of {@link #tryAcquire}. */
    public enum Verdict { OK, TOO_MANY_TOTAL, TOO_MANY_FROM_ADDRESS }

    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public ConnectionLimits(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts a connection from {@code address} if the caps allow it; on {@code OK}, call {@link #release} when it closes. */
    public Verdict tryAcquire(InetAddress address) {
        if (total.incrementAndGet() > maxTotal && maxTotal > 0) {
            total.decrementAndGet();
            return Verdict.TOO_MANY_TOTAL;
        }
        if (maxPerAddress > 0) {
            AtomicInteger n = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
            if (n.incrementAndGet() > maxPerAddress) {
                n.decrementAndGet();
                total.decrementAndGet();
                return Verdict.TOO_MANY_FROM_ADDRESS;
            }
        }
        return Verdict.OK;
    }

    public void release(InetAddress address) {
        total.decrementAndGet();
        if (maxPerAddress > 0) {
            perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    public int total() {
        return total.get();
    }
}
