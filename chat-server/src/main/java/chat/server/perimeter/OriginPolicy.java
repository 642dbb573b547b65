package chat.server.perimeter;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may open a WebSocket here (RFC 6455 §10.2: servers should check {@code Origin};
 * Netty does not). Defends against cross-site WebSocket hijacking: a page on evil.example cannot use a
 * visitor's cookies to talk to this server.
 *
 * <p>Default: a request without {@code Origin} (load scripts, native clients) is allowed, and a browser
 * request is allowed when its origin's host and port equal the request's {@code Host} — the scheme is
 * ignored, because a TLS-terminating proxy turns {@code https} into {@code http} on the hop. With an
 * explicit list ({@code --allowed-origins https://chat.example.com,http://localhost:8080}) only those
 * origins are allowed; {@code *} allows any. Thread-safe.
 */
public final class OriginPolicy {
    private final boolean any;
    private final Set<String> allowed;

    private OriginPolicy(boolean any, Set<String> allowed) {
        this.any = any;
        this.allowed = allowed;
    }

    /** Parses {@code --allowed-origins}: empty means same-host only, {@code *} means any. */
    public static OriginPolicy of(List<String> origins) {
        if (origins.contains("*")) {
            return new OriginPolicy(true, Set.of());
        }
        Set<String> normalized = origins.stream().map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
        return new OriginPolicy(false, normalized);
    }

    /** Returns whether a request with {@code origin} (may be null) and {@code host} header (may be null) may upgrade. */
    public boolean allows(String origin, String host) {
        if (origin == null || any) {
            return true;
        }
        String o = normalize(origin);
        if (!allowed.isEmpty()) {
            return allowed.contains(o);
        }
        if (host == null) {
            return false;
        }
        return hostPort(o).equals(withDefaultPort(host.toLowerCase(Locale.ROOT), o.startsWith("https:") ? 443 : 80));
    }

    /** Lower-cases and drops a trailing slash: {@code HTTPS://Chat.Example.com/} → {@code https://chat.example.com}. */
    static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    private static String hostPort(String origin) {
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return "";
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            return uri.getHost() + ":" + port;
        } catch (IllegalArgumentException e) {
            return ""; // "null" (sandboxed pages, file://) and garbage never match a host
        }
    }

    private static String withDefaultPort(String host, int defaultPort) {
        boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
        return hasPort ? host : host + ":" + defaultPort;
    }
}
