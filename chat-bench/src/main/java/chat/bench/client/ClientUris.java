package chat.bench.client;

import java.net.URI;

/** Builds each client's URL: the base URL plus {@code name=} and, where relevant, {@code room=}. */
public final class ClientUris {
    private ClientUris() {
    }

    /**
     * Returns {@code base} with {@code name} (and {@code room} when not null) appended to its query, with
     * {@code &} when it already has one. Names and rooms are validated to URL-safe characters upstream.
     */
    public static URI forClient(URI base, String name, String room) {
        StringBuilder q = new StringBuilder();
        q.append("name=").append(name);
        if (room != null) {
            q.append("&room=").append(room);
        }
        String s = base.toString();
        int hash = s.indexOf('#');
        String fragment = "";
        if (hash >= 0) {
            fragment = s.substring(hash);
            s = s.substring(0, hash);
        }
        String sep = s.indexOf('?') < 0 ? "?" : (s.endsWith("?") || s.endsWith("&") ? "" : "&");
        return URI.create(s + sep + q + fragment);
    }
}
