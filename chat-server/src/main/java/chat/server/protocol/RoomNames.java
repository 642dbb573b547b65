package chat.server.protocol;

/** Validation of room names: 1–64 chars of ASCII letters, digits, {@code _ - .}. */
public final class RoomNames {
    public static final int MAX_LENGTH = 64;

    private RoomNames() {
    }

    /** Returns whether {@code room} is a valid room name. */
    public static boolean isValid(String room) {
        if (room == null || room.isEmpty() || room.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < room.length(); i++) {
            char c = room.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static void check(String room, String requestId) throws ProtocolException {
        if (!isValid(room)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "room: invalid name (expected: 1-" + MAX_LENGTH + " chars of letters, digits, _ - .)", requestId);
        }
    }
}
