package chat.server.hub;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may join the private rooms (names starting with the configured prefix, {@code private-} by default):
 * the user who first joined the room, and everyone a member invited since. Kept per room name for the
 * life of the server — not with the in-memory room, so an emptied private room cannot be taken over by the
 * next person to join. A token's {@code rooms} claim is checked separately. Lock-free; any thread.
 */
final class PrivateRooms {
    private final String prefix;
    private final ConcurrentHashMap<String, Set<String>> allowed = new ConcurrentHashMap<>();

    PrivateRooms(String prefix) {
        this.prefix = prefix;
    }

    boolean isPrivate(String room) {
        return !prefix.isEmpty() && room.startsWith(prefix);
    }

    /** Returns whether {@code name} may join {@code room}; the first one to ask for a new private room creates it. */
    boolean mayJoin(String room, String name) {
        if (!isPrivate(room)) {
            return true;
        }
        Set<String> names = allowed.computeIfAbsent(room, r -> {
            Set<String> s = ConcurrentHashMap.newKeySet();
            s.add(key(name)); // the creator
            return s;
        });
        return names.contains(key(name));
    }

    void invite(String room, String name) {
        allowed.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(key(name));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
