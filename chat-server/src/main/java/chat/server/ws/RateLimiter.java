package chat.server.ws;

/**
 * A per-connection token bucket ({@code rate} requests per second, {@code burst} at once) plus an abuse
 * detector: a client that keeps sending past the limit — more than {@code abuseLimit} rejections within
 * {@value #ABUSE_WINDOW_NANOS} ns — is to be disconnected. Not thread-safe: owned by one event loop.
 */
final class RateLimiter {
    static final long ABUSE_WINDOW_NANOS = 10_000_000_000L;

    enum Verdict { ALLOW, REJECT, ABUSE }

    private final double ratePerNano;
    private final double burst;
    private final int abuseLimit;
    private double tokens;
    private long lastRefill;
    private long windowStart;
    private int rejectedInWindow;

    /** A {@code rate} of 0 disables limiting. */
    RateLimiter(double rate, int burst, int abuseLimit, long nowNanos) {
        this.ratePerNano = rate / 1e9;
        this.burst = burst;
        this.abuseLimit = abuseLimit;
        this.tokens = burst;
        this.lastRefill = nowNanos;
        this.windowStart = nowNanos;
    }

    Verdict acquire(long nowNanos) {
        if (ratePerNano == 0) {
            return Verdict.ALLOW;
        }
        tokens = Math.min(burst, tokens + (nowNanos - lastRefill) * ratePerNano);
        lastRefill = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ALLOW;
        }
        if (nowNanos - windowStart > ABUSE_WINDOW_NANOS) {
            windowStart = nowNanos;
            rejectedInWindow = 0;
        }
        return ++rejectedInWindow > abuseLimit ? Verdict.ABUSE : Verdict.REJECT;
    }
}
