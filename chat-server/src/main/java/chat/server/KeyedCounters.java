package chat.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lock-free counters for a fixed set of keys (request types, event types, close codes), plus {@code other}
 * for anything unexpected. The map is built once and only read afterwards, so any thread may count.
 */
public final class KeyedCounters {
    public static final String OTHER = "other";

    private final Map<String, LongAdder> counters;

    public KeyedCounters(List<String> keys) {
        Map<String, LongAdder> m = new LinkedHashMap<>();
        for (String k : keys) {
            m.put(k, new LongAdder());
        }
        m.put(OTHER, new LongAdder());
        this.counters = Map.copyOf(m);
    }

    public void increment(String key) {
        LongAdder a = counters.get(key);
        (a != null ? a : counters.get(OTHER)).increment();
    }

    /** Returns the count of {@code key} ({@link #OTHER} included). */
    public long get(String key) {
        LongAdder a = counters.get(key);
        return a == null ? 0 : a.sum();
    }

    /** Returns every key and its adder, for exporters. */
    public Map<String, LongAdder> all() {
        return counters;
    }
}
