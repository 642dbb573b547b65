package chat.server.auth;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.util.AttributeKey;

import java.util.List;

/**
 * Decides who an upgrade request is, per {@code --auth}: in {@code none} mode everyone is anonymous
 * (the name comes from {@code ?name=} later); in {@code jwt} mode a token is required — from
 * {@code ?token=}, an {@code Authorization: Bearer} header, or the {@value #COOKIE} cookie — and
 * {@code ?name=} is ignored. CPU-only, so it runs on the event loop. Thread-safe.
 */
public final class Authenticator {
    /** The cookie a web page may carry the token in. */
    public static final String COOKIE = "chat_token";
    private static final AttributeKey<Identity> KEY = AttributeKey.valueOf(Authenticator.class, "identity");

    private final TokenVerifier verifier;

    private Authenticator(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** Anonymous mode: {@code ?name=} is the name. */
    public static Authenticator none() {
        return new Authenticator(null);
    }

    /** Token mode: every connection must prove its name. */
    public static Authenticator tokens(TokenVerifier verifier) {
        return new Authenticator(verifier);
    }

    public boolean required() {
        return verifier != null;
    }

    /**
     * Authenticates {@code req} and records the identity on {@code ch}; in anonymous mode records nothing.
     *
     * @throws AuthException when a token is required and missing or not valid (answer 401)
     */
    public void authenticate(Channel ch, FullHttpRequest req) throws AuthException {
        if (verifier == null) {
            return;
        }
        String token = tokenOf(req);
        if (token == null) {
            throw new AuthException("token: missing (send ?token=, an Authorization: Bearer header or the "
                    + COOKIE + " cookie)");
        }
        ch.attr(KEY).set(verifier.verify(token));
    }

    /** Verifies a token sent in-band to extend a connection ({@code {"type":"auth"}}). */
    public Identity refresh(String token) throws AuthException {
        if (verifier == null) {
            throw new AuthException("authentication is off on this server");
        }
        return verifier.verify(token);
    }

    /** Returns the identity recorded for {@code ch}, or {@code null} for an anonymous connection. */
    public static Identity of(Channel ch) {
        return ch.attr(KEY).get();
    }

    private static String tokenOf(FullHttpRequest req) {
        List<String> q = new QueryStringDecoder(req.uri()).parameters().get("token");
        if (q != null && !q.isEmpty() && !q.get(0).isEmpty()) {
            return q.get(0);
        }
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        String cookies = req.headers().get(HttpHeaderNames.COOKIE);
        if (cookies != null) {
            for (Cookie c : ServerCookieDecoder.STRICT.decode(cookies)) {
                if (COOKIE.equals(c.name())) {
                    return c.value();
                }
            }
        }
        return null;
    }
}
