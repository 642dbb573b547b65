package chat.server.hub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who is in a room, by name, and which names changed since the last announcement. A name is listed once
 * however many connections it has in the room; it joins with its first connection and leaves with its last.
 *
 * <p>A diff names every name that changed during the tick with its status at the end of the tick
 * ({@code joined} if present, {@code left} if not). Applied as set operations it is correct for every
 * member — including one that joined mid-tick and whose {@code joined.members} snapshot already reflects
 * some of the changes. (Cancelling a leave+rejoin to nothing would leave such a member without the name.)
 * Owned by the room's executor.
 */
final class Presence {
    /** Kept sorted, so {@code joined} lists names without sorting on every join. */
    private final Map<String, Integer> connectionsByName =
            new TreeMap<>(String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder()));
    private final Set<String> changed = new LinkedHashSet<>();

    /** Counts a connection of {@code name}; returns {@code true} if the name is new in the room. */
    boolean add(String name) {
        if (connectionsByName.merge(name, 1, Integer::sum) > 1) {
            return false;
        }
        changed.add(name);
        return true;
    }

    /** Uncounts a connection of {@code name}; returns {@code true} if that was the name's last one. */
    boolean remove(String name) {
        Integer n = connectionsByName.get(name);
        if (n == null) {
            return false;
        }
        if (n > 1) {
            connectionsByName.put(name, n - 1);
            return false;
        }
        connectionsByName.remove(name);
        changed.add(name);
        return true;
    }

    /** Returns the names in the room, sorted case-insensitively. */
    List<String> names() {
        return names(Integer.MAX_VALUE);
    }

    /**
     * Returns the first {@code limit} names, sorted case-insensitively. A huge room lists only part of its
     * members in {@code joined} (the rest are counted by {@code memberCount}): listing all N names to each
     * of N joiners would cost O(N²) bytes in a mass reconnect.
     */
    List<String> names(int limit) {
        List<String> names = new ArrayList<>(Math.min(limit, connectionsByName.size()));
        for (String name : connectionsByName.keySet()) {
            if (names.size() == limit) {
                break;
            }
            names.add(name);
        }
        return names;
    }

    /** Returns how many distinct names are in the room. */
    int size() {
        return connectionsByName.size();
    }

    boolean hasChanges() {
        return !changed.isEmpty();
    }

    /** Returns the changed names present now. */
    List<String> joined() {
        List<String> out = new ArrayList<>();
        for (String name : changed) {
            if (connectionsByName.containsKey(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Returns the changed names absent now. */
    List<String> left() {
        List<String> out = new ArrayList<>();
        for (String name : changed) {
            if (!connectionsByName.containsKey(name)) {
                out.add(name);
            }
        }
        return out;
    }

    void clearChanges() {
        changed.clear();
    }
}
