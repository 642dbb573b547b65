package chat.bench;

/** The run could not be done (no connection, unknown host, transport unavailable): exit code 1. */
public final class BenchException extends Exception {
    /** Creates the exception with a message meant for the user. */
    public BenchException(String message) {
        super(message);
    }
}
