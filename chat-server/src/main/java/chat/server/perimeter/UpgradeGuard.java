package chat.server.perimeter;

import chat.server.ServerStats;
import chat.server.auth.AuthException;
import chat.server.auth.Authenticator;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.net.InetAddress;

/**
 * The checks a WebSocket upgrade passes before the handshake: Origin, credential, then connection caps. A refused
 * upgrade gets an HTTP status (browsers only see that the connection failed; scripts see the status),
 * and is counted. Thread-safe; shared by every connection.
 */
public final class UpgradeGuard {
    /** Why an upgrade was refused. */
    public record Refusal(HttpResponseStatus status, String reason) {
    }

    private final OriginPolicy origins;
    private final Authenticator auth;
    private final ConnectionLimits limits;
    private final TrustedProxies proxies;
    private final ServerStats stats;

    public UpgradeGuard(OriginPolicy origins, Authenticator auth, ConnectionLimits limits, TrustedProxies proxies,
                        ServerStats stats) {
        this.origins = origins;
        this.auth = auth;
        this.limits = limits;
        this.proxies = proxies;
        this.stats = stats;
    }

    /** Counts a request the HTTP codec could not parse. */
    public void badRequest() {
        stats.badHttpRequests.increment();
    }

    /**
     * Returns why {@code req} may not upgrade, or {@code null} when it may — then the connection counts
     * against the caps until {@code ch} closes, and its client address is recorded.
     */
    public Refusal check(Channel ch, FullHttpRequest req) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (!origins.allows(origin, req.headers().get(HttpHeaderNames.HOST))) {
            stats.originRejected.increment();
            return new Refusal(HttpResponseStatus.FORBIDDEN, "origin not allowed: " + origin);
        }
        try {
            auth.authenticate(ch, req);
        } catch (AuthException e) {
            stats.authFailures.increment();
            return new Refusal(HttpResponseStatus.UNAUTHORIZED, e.getMessage());
        }
        InetAddress peer = ClientAddress.of(ch); // the TCP peer, or the client a PROXY protocol header named
        InetAddress client = proxies.clientAddress(peer, req.headers().get("X-Forwarded-For"),
                req.headers().get("Forwarded"));
        switch (limits.tryAcquire(client)) {
            case TOO_MANY_TOTAL:
                stats.connectionLimitRejected.increment();
                return new Refusal(HttpResponseStatus.SERVICE_UNAVAILABLE, "server is at its connection limit");
            case TOO_MANY_FROM_ADDRESS:
                stats.connectionLimitRejected.increment();
                return new Refusal(HttpResponseStatus.TOO_MANY_REQUESTS, "too many connections from your address");
            default:
                ClientAddress.set(ch, client);
                ch.closeFuture().addListener(f -> limits.release(client));
                return null;
        }
    }
}
