package chat.server;

import chat.server.auth.AccountService;
import chat.server.auth.Authenticator;
import chat.server.auth.JwtVerifier;
import chat.server.http.AccountApiHandler;
import chat.server.perimeter.ClientAddress;
import chat.server.perimeter.TrustedProxies;
import chat.server.store.AccountStore;
import chat.server.store.HistoryStore;
import chat.server.store.StoreException;
import io.netty.channel.ChannelHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code --auth} needs at run time: the authenticator for upgrades, and in {@code accounts} mode the
 * {@code /api} handler and the threads that hash passwords and purge expired sessions (never an event loop).
 */
record AuthSetup(Authenticator authenticator, ChannelHandler accountApi, ScheduledExecutorService blocking)
        implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(AuthSetup.class);

    /** Builds the setup for {@code config}; a bad secret or key fails with {@link IllegalArgumentException}. */
    static AuthSetup of(ServerConfig config, HistoryStore store, TrustedProxies proxies)
            throws IOException, StoreException {
        switch (config.auth()) {
            case "jwt":
                return new AuthSetup(Authenticator.tokens(config.jwtSecret() != null
                        ? JwtVerifier.hs256(config.jwtSecret().getBytes(StandardCharsets.UTF_8), config.jwtClockSkew())
                        : JwtVerifier.publicKey(config.jwtPublicKey(), config.jwtClockSkew())), null, null);
            case "accounts":
                return accounts(config, (AccountStore) store, proxies);
            default:
                return new AuthSetup(Authenticator.none(), null, null);
        }
    }

    private static AuthSetup accounts(ServerConfig config, AccountStore store, TrustedProxies proxies)
            throws StoreException {
        AccountService accounts = AccountService.start(store, config.sessionTtl());
        AtomicInteger n = new AtomicInteger();
        ScheduledExecutorService blocking = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "chat-accounts-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        blocking.scheduleWithFixedDelay(() -> {
            try {
                accounts.purgeExpired();
            } catch (StoreException | RuntimeException e) {
                logger.warn("purging expired sessions failed: {}", e.getMessage());
            }
        }, 1, 60, TimeUnit.MINUTES);
        // Cookies get Secure when the request came over TLS, which only a trusted proxy can vouch for.
        AccountApiHandler api = new AccountApiHandler(accounts, blocking,
                (ch, req) -> viaHttps(req.headers().get("X-Forwarded-Proto"), req.headers().get("Forwarded"))
                        && ch.remoteAddress() instanceof InetSocketAddress peer && proxies.trusts(peer.getAddress()),
                // Per-address throttling must see the user behind the proxy, not the proxy itself.
                (ch, req) -> proxies.clientAddress(ClientAddress.of(ch), req.headers().get("X-Forwarded-For"),
                        req.headers().get("Forwarded")));
        return new AuthSetup(Authenticator.tokens(accounts), api, blocking);
    }

    /** Returns whether a proxy reported the original request as HTTPS ({@code X-Forwarded-Proto} or {@code Forwarded: proto=}). */
    static boolean viaHttps(String xForwardedProto, String forwarded) {
        if (xForwardedProto != null) {
            return xForwardedProto.trim().equalsIgnoreCase("https");
        }
        return forwarded != null && forwarded.toLowerCase(java.util.Locale.ROOT).matches(".*\\bproto=\"?https\"?\\b.*");
    }

    @Override
    public void close() {
        if (blocking != null) {
            blocking.shutdownNow();
        }
    }
}
