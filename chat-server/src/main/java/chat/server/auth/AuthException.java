package chat.server.auth;

/** A credential is missing, malformed, expired or not trusted; the handshake answers 401 with this message. */
public final class AuthException extends Exception {
    public AuthException(String message) {
        super(message, null, false, false);
    }
}
