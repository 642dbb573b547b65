package chat.server.ws;

import chat.server.protocol.RoomNames;
import chat.server.protocol.UserNames;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Map;

/**
 * The query parameters of the upgrade request ({@code /ws?name=Alice&room=lobby&since=12}), validated.
 * Invalid input yields {@link #error()} instead of values.
 */
record HandshakeParams(String name, String room, Long since, String error) {

    /** Parses the query; {@code authenticatedName}, when not null, is the name and {@code ?name=} is ignored. */
    static HandshakeParams parse(String uri, String defaultRoom, String authenticatedName) {
        Map<String, List<String>> q = new QueryStringDecoder(uri).parameters();
        String rawName = first(q, "name");
        String name = authenticatedName != null ? authenticatedName
                : rawName == null || rawName.isBlank() ? UserNames.DEFAULT : UserNames.normalize(rawName);
        if (name == null) {
            return failed("name: invalid (expected: 1-" + UserNames.MAX_LENGTH
                    + " letters, digits, spaces, _ - .)");
        }
        String room = first(q, "room");
        if (room == null || room.isEmpty()) {
            room = defaultRoom;
        } else if (!RoomNames.isValid(room)) {
            return failed("room: invalid name (expected: 1-" + RoomNames.MAX_LENGTH + " chars of letters, digits, _ - .)");
        }
        String rawSince = first(q, "since");
        Long since = null;
        if (rawSince != null && !rawSince.isEmpty()) {
            try {
                since = Long.parseLong(rawSince);
            } catch (NumberFormatException e) {
                since = -1L;
            }
            if (since < 0) {
                return failed("since: " + rawSince + " (expected: an integer >= 0)");
            }
        }
        return new HandshakeParams(name, room, since, null);
    }

    private static HandshakeParams failed(String error) {
        return new HandshakeParams(null, null, null, error);
    }

    private static String first(Map<String, List<String>> q, String key) {
        List<String> values = q.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
