package chat.server.protocol;

/** The error codes of protocol v1, as they appear on the wire in {@code error.code}. */
public enum ErrorCode {
    BAD_REQUEST("bad_request"),
    TOO_LARGE("too_large"),
    RATE_LIMITED("rate_limited"),
    NO_SUCH_USER("no_such_user"),
    NOT_MEMBER("not_member"),
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    UNAVAILABLE("unavailable"),
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** Returns the code as sent to clients. */
    public String wire() {
        return wire;
    }
}
