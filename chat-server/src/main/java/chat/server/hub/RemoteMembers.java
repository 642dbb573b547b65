package chat.server.hub;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cluster mode: which names each other node has in a room, so a name counts once per node in the room's
 * {@link Presence} and all of a dead node's names can leave together. Owned by the room's executor.
 */
final class RemoteMembers {
    private final Map<String, Set<String>> byNode = new HashMap<>();

    /** Returns {@code true} if {@code name} is new for {@code node}. */
    boolean add(String node, String name) {
        return byNode.computeIfAbsent(node, n -> new HashSet<>()).add(name);
    }

    /** Returns {@code true} if {@code node} had {@code name}. */
    boolean remove(String node, String name) {
        Set<String> names = byNode.get(node);
        if (names == null || !names.remove(name)) {
            return false;
        }
        if (names.isEmpty()) {
            byNode.remove(node);
        }
        return true;
    }

    /** Forgets {@code node}; returns the names it had. */
    Set<String> removeNode(String node) {
        Set<String> names = byNode.remove(node);
        return names == null ? Set.of() : names;
    }

    /** Returns the nodes with names here. */
    Set<String> nodes() {
        return Set.copyOf(byNode.keySet());
    }

    /** Returns a copy of {@code node}'s names. */
    Set<String> names(String node) {
        Set<String> names = byNode.get(node);
        return names == null ? Set.of() : Set.copyOf(names);
    }

    /** Returns the names to remove and to add so that {@code node} has exactly {@code now}. */
    static Diff diff(Set<String> before, List<String> now) {
        Set<String> gone = new HashSet<>(before);
        now.forEach(gone::remove);
        Set<String> added = new HashSet<>(now);
        added.removeAll(before);
        return new Diff(gone, added);
    }

    record Diff(Set<String> gone, Set<String> added) {
    }
}
