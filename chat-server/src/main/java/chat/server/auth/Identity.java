package chat.server.auth;

import java.util.Set;

/**
 * Who a connection is, as established at the handshake.
 *
 * @param name            the display name: the account or token subject when authenticated (never suffixed),
 *                        or the requested name for anonymous connections
 * @param authenticated   whether a credential proved the name
 * @param expiresAtMillis when the credential expires (epoch ms), or 0 for never
 * @param rooms           rooms the credential allows joining, or {@code null} for no restriction
 */
public record Identity(String name, boolean authenticated, long expiresAtMillis, Set<String> rooms) {

    /** An anonymous connection asking for {@code name}. */
    public static Identity anonymous(String name) {
        return new Identity(name, false, 0, null);
    }

    /** Returns whether the credential allows joining {@code room}. */
    public boolean mayJoin(String room) {
        return rooms == null || rooms.contains(room);
    }
}
