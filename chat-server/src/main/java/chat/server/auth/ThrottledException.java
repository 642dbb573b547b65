package chat.server.auth;

/** Too many failed logins for this name or client address: retry after {@link #retryAfterSeconds()} (HTTP 429). */
public final class ThrottledException extends Exception {
    private final long retryAfterSeconds;

    public ThrottledException(long retryAfterSeconds) {
        super("too many failed logins; retry in " + retryAfterSeconds + " s", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until the next attempt is allowed; at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
