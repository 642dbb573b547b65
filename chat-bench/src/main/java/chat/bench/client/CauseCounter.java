package chat.bench.client;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts events by a short cause text (connect failures, disconnects, frame types); thread-safe. */
public final class CauseCounter {
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Adds one occurrence of {@code cause}. */
    public void add(String cause) {
        counts.computeIfAbsent(cause, k -> new LongAdder()).increment();
    }

    /** Returns the total over all causes. */
    public long total() {
        long t = 0;
        for (LongAdder a : counts.values()) {
            t += a.sum();
        }
        return t;
    }

    /** Returns a sorted copy of the counts. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
