package chat.server.ws;

import org.junit.jupiter.api.Test;

import static chat.server.ws.RateLimiter.Verdict.ABUSE;
import static chat.server.ws.RateLimiter.Verdict.ALLOW;
import static chat.server.ws.RateLimiter.Verdict.REJECT;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsTheBurstThenRefillsAtTheRate() {
        RateLimiter r = new RateLimiter(2, 3, 100, 0);
        assertEquals(ALLOW, r.acquire(0));
        assertEquals(ALLOW, r.acquire(0));
        assertEquals(ALLOW, r.acquire(0));
        assertEquals(REJECT, r.acquire(0));
        assertEquals(REJECT, r.acquire(SECOND / 4)); // half a token
        assertEquals(ALLOW, r.acquire(SECOND / 2));  // one token
        assertEquals(REJECT, r.acquire(SECOND / 2));
    }

    @Test
    void tokensNeverExceedTheBurst() {
        RateLimiter r = new RateLimiter(100, 2, 100, 0);
        long later = 60 * SECOND;
        assertEquals(ALLOW, r.acquire(later));
        assertEquals(ALLOW, r.acquire(later));
        assertEquals(REJECT, r.acquire(later));
    }

    @Test
    void abuseAfterTheLimitOfRejectionsWithinTheWindow() {
        RateLimiter r = new RateLimiter(1, 1, 3, 0);
        assertEquals(ALLOW, r.acquire(0));
        assertEquals(REJECT, r.acquire(1));
        assertEquals(REJECT, r.acquire(2));
        assertEquals(REJECT, r.acquire(3));
        assertEquals(ABUSE, r.acquire(4));
    }

    @Test
    void rejectionsInAnOldWindowAreForgotten() {
        RateLimiter r = new RateLimiter(0.01, 1, 2, 0);
        assertEquals(ALLOW, r.acquire(0));
        assertEquals(REJECT, r.acquire(1));
        assertEquals(REJECT, r.acquire(2));
        long next = RateLimiter.ABUSE_WINDOW_NANOS + 10;
        assertEquals(REJECT, r.acquire(next));
        assertEquals(REJECT, r.acquire(next + 1));
        assertEquals(ABUSE, r.acquire(next + 2));
    }

    @Test
    void zeroRateDisablesLimiting() {
        RateLimiter r = new RateLimiter(0, 1, 1, 0);
        for (int i = 0; i < 1000; i++) {
            assertEquals(ALLOW, r.acquire(0));
        }
    }
}
