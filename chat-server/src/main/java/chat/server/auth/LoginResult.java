package chat.server.auth;

/**
 * A successful login.
 *
 * @param token         the bearer token (secret: never log it); only its SHA-256 is stored
 * @param name          the account's registered spelling
 * @param expiresMillis when the session expires (epoch ms)
 */
public record LoginResult(String token, String name, long expiresMillis) {
    @Override
    public String toString() {
        return "LoginResult[name=" + name + ", expiresMillis=" + expiresMillis + "]"; // no token in logs
    }
}
