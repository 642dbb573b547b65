package chat.server.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exponential backoff after failed logins, counted separately per name (lower-cased) and per client address:
 * the first {@value #FREE_FAILURES} failures cost nothing, then each further failure blocks the key for 1 s, 2 s,
 * 4 s, … up to {@value #MAX_BACKOFF_MILLIS} ms. A success clears the name's counter but not the address's (so
 * an attacker with one valid account cannot reset its address). An entry idle for {@value #IDLE_MILLIS} ms is
 * forgotten ({@link #sweep}, run with the periodic session purge, or when a map is full).
 *
 * <p>Memory is bounded: each map holds at most {@link #maxEntries} keys; when full, idle entries go first, then
 * entries not currently blocking, then arbitrary ones (an attacker rotating through names still meets the
 * per-address counter). Check and record are not one atomic step, so a burst of concurrent attempts may
 * slip a few extra guesses through; the backoff still grows. Thread-safe, CPU-only.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 3;
    static final long MAX_BACKOFF_MILLIS = 300_000;
    static final long IDLE_MILLIS = 3_600_000;
    static final int DEFAULT_MAX_ENTRIES = 100_000;

    private static final class Entry {
        int failures;
        long lastFailureMillis;
        long blockedUntilMillis;
    }

    private final Clock clock;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, Entry> byAddress = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock) {
        this(clock, DEFAULT_MAX_ENTRIES);
    }

    LoginThrottle(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** The backoff after {@code failures} consecutive failures: 0, 0, 0, 1 s, 2 s, 4 s, … capped. */
    static long backoffMillis(int failures) {
        if (failures <= FREE_FAILURES) {
            return 0;
        }
        int shift = failures - FREE_FAILURES - 1;
        return shift >= 20 ? MAX_BACKOFF_MILLIS : Math.min(1000L << shift, MAX_BACKOFF_MILLIS);
    }

    /** Returns the milliseconds until {@code nameKey} and {@code client} may try again, 0 if now. */
    long retryAfterMillis(String nameKey, InetAddress client) {
        long now = clock.millis();
        long wait = remaining(byName.get(nameKey), now);
        if (client != null) {
            wait = Math.max(wait, remaining(byAddress.get(client), now));
        }
        return wait;
    }

    /** Records a failed login of {@code nameKey} from {@code client} (may be {@code null}). */
    void failure(String nameKey, InetAddress client) {
        long now = clock.millis();
        record(byName, nameKey, now);
        if (client != null) {
            record(byAddress, client, now);
        }
    }

    /** Records a successful login: forgets the name's failures. */
    void success(String nameKey) {
        byName.remove(nameKey);
    }

    /** Forgets entries idle for more than {@value #IDLE_MILLIS} ms (also done when a map is full). */
    void sweep() {
        long now = clock.millis();
        byName.entrySet().removeIf(en -> idle(en.getValue(), now));
        byAddress.entrySet().removeIf(en -> idle(en.getValue(), now));
    }

    int size() {
        return byName.size() + byAddress.size();
    }

    private static long remaining(Entry e, long now) {
        if (e == null) {
            return 0;
        }
        synchronized (e) {
            return Math.max(0, e.blockedUntilMillis - now);
        }
    }

    private <K> void record(ConcurrentHashMap<K, Entry> map, K key, long now) {
        if (map.size() >= maxEntries && !map.containsKey(key)) {
            evict(map, now);
        }
        Entry e = map.computeIfAbsent(key, k -> new Entry());
        synchronized (e) {
            if (now - e.lastFailureMillis > IDLE_MILLIS) {
                e.failures = 0; // an old streak is forgotten even if the entry was not evicted yet
            }
            e.failures = e.failures == Integer.MAX_VALUE ? e.failures : e.failures + 1;
            e.lastFailureMillis = now;
            e.blockedUntilMillis = now + backoffMillis(e.failures);
        }
    }

    private <K> void evict(ConcurrentHashMap<K, Entry> map, long now) {
        map.entrySet().removeIf(en -> idle(en.getValue(), now));
        if (map.size() >= maxEntries) {
            map.entrySet().removeIf(en -> remaining(en.getValue(), now) == 0);
        }
        Iterator<Map.Entry<K, Entry>> it = map.entrySet().iterator();
        while (map.size() >= maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static boolean idle(Entry e, long now) {
        synchronized (e) {
            return now - e.lastFailureMillis > IDLE_MILLIS;
        }
    }
}
