package chat.server.auth;

/**
 * Turns a bearer token into an {@link Identity}. Implementations are CPU-only (no I/O), so they may run on
 * an event loop, and thread-safe.
 */
public interface TokenVerifier {
    /** Returns the identity the token proves, or throws {@link AuthException} saying why not. */
    Identity verify(String token) throws AuthException;
}
