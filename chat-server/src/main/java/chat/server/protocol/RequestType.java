package chat.server.protocol;

import java.util.Map;

/** The client-to-server request types of protocol v1. */
public enum RequestType {
    MESSAGE("message"),
    DIRECT("direct"),
    JOIN("join"),
    LEAVE("leave"),
    TYPING("typing"),
    HISTORY("history"),
    ROOMS("rooms"),
    PING("ping"),
    AUTH("auth"),
    INVITE("invite");

    private static final Map<String, RequestType> BY_WIRE = Map.of(
            "message", MESSAGE, "direct", DIRECT, "join", JOIN, "leave", LEAVE, "typing", TYPING,
            "history", HISTORY, "rooms", ROOMS, "ping", PING, "auth", AUTH, "invite", INVITE);

    private final String wire;

    RequestType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Returns the type named {@code wire}, or {@code null} if there is none. */
    static RequestType fromWire(String wire) {
        return BY_WIRE.get(wire);
    }
}
