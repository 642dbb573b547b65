package chat.server.protocol;

/**
 * A request the server cannot accept; becomes an {@code error} frame for the client.
 * Carries no stack trace: it is a normal outcome of bad input, not a bug.
 */
public final class ProtocolException extends Exception {
    private final ErrorCode code;
    private final String requestId;

    public ProtocolException(ErrorCode code, String message, String requestId) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId;
    }

    public ErrorCode code() {
        return code;
    }

    /** Returns the {@code id} of the failed request, or {@code null}. */
    public String requestId() {
        return requestId;
    }
}
