package chat.server.hub;

import java.util.LinkedHashMap;
import java.util.Map;

/** The client ids of a room's recent posts, per sender name; the oldest are forgotten first. Room executor only. */
final class RecentIds {
    private final LinkedHashMap<String, Posted> byKey;

    RecentIds(int capacity) {
        this.byKey = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Posted> eldest) {
                return size() > capacity;
            }
        };
    }

    Posted get(String sender, String id) {
        return byKey.get(sender + '\u0000' + id);
    }

    void put(String sender, String id, Posted p) {
        byKey.put(sender + '\u0000' + id, p);
    }
}
