package chat.server.perimeter;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and {@code Forwarded} headers are believed
 * ({@code --trusted-proxies}, CIDRs). From anyone else the headers are ignored — a client could write
 * whatever it likes into them. Thread-safe.
 */
public final class TrustedProxies {
    private record Cidr(byte[] network, int bits) {
        boolean contains(InetAddress a) {
            byte[] addr = a.getAddress();
            if (addr.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (addr[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            return rest == 0 || ((addr[full] ^ network[full]) & (0xFF << (8 - rest))) == 0;
        }
    }

    private final List<Cidr> cidrs;

    private TrustedProxies(List<Cidr> cidrs) {
        this.cidrs = cidrs;
    }

    /** Parses CIDRs such as {@code 127.0.0.1/32}, {@code 10.0.0.0/8}, {@code ::1/128}; a bare address means one host. */
    public static TrustedProxies of(List<String> specs) {
        List<Cidr> out = new ArrayList<>();
        for (String spec : specs) {
            String s = spec.trim();
            if (s.isEmpty()) {
                continue;
            }
            int slash = s.indexOf('/');
            try {
                InetAddress a = InetAddress.getByName(slash < 0 ? s : s.substring(0, slash)); // literal: no DNS lookup
                int max = a.getAddress().length * 8;
                int bits = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
                if (bits < 0 || bits > max || !isLiteral(slash < 0 ? s : s.substring(0, slash))) {
                    throw new IllegalArgumentException("trusted-proxies: " + spec + " (expected: an address or CIDR)");
                }
                out.add(new Cidr(a.getAddress(), bits));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("trusted-proxies: " + spec + " (expected: an address or CIDR)");
            }
        }
        return new TrustedProxies(List.copyOf(out));
    }

    private static boolean isLiteral(String s) {
        return s.indexOf(':') >= 0 || s.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    public boolean trusts(InetAddress peer) {
        for (Cidr c : cidrs) {
            if (c.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the client's address: the TCP {@code peer} itself, unless it is a trusted proxy — then the
     * right-most hop of {@code X-Forwarded-For} (or, without it, of the RFC 7239 {@code Forwarded} header's
     * {@code for=} values) that is not itself a trusted proxy: proxies append what they saw, so entries to
     * its left are the client's own claims.
     */
    public InetAddress clientAddress(InetAddress peer, String xForwardedFor, String forwarded) {
        if (!trusts(peer)) {
            return peer;
        }
        List<String> hops = xForwardedFor != null ? List.of(xForwardedFor.split(","))
                : forwarded != null ? forwardedFor(forwarded) : List.of();
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = parseLiteral(hops.get(i).trim());
            if (hop == null) {
                break; // "unknown", an obfuscated name, or garbage: trust nothing further left
            }
            client = hop;
            if (!trusts(hop)) {
                break;
            }
        }
        return client;
    }

    /** Returns the {@code X-Forwarded-For}-only form, for callers without a {@code Forwarded} header. */
    public InetAddress clientAddress(InetAddress peer, String xForwardedFor) {
        return clientAddress(peer, xForwardedFor, null);
    }

    /** Returns the {@code for=} values of a {@code Forwarded} header, in order, unquoted, without ports. */
    static List<String> forwardedFor(String header) {
        List<String> out = new ArrayList<>();
        for (String element : header.split(",")) {
            for (String pair : element.split(";")) {
                String p = pair.trim();
                if (p.regionMatches(true, 0, "for=", 0, 4)) {
                    String v = p.substring(4).trim();
                    if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
                        v = v.substring(1, v.length() - 1);
                    }
                    if (v.startsWith("[")) {
                        int close = v.indexOf(']');
                        v = close > 0 ? v.substring(0, close + 1) : v; // "[2001:db8::1]:4711" → "[2001:db8::1]"
                    } else if (v.indexOf(':') > 0 && v.indexOf(':') == v.lastIndexOf(':')) {
                        v = v.substring(0, v.indexOf(':')); // "192.0.2.60:4711" → "192.0.2.60"
                    }
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static InetAddress parseLiteral(String s) {
        if (s.isEmpty() || !isLiteral(s.startsWith("[") ? s.substring(1, Math.max(1, s.indexOf(']'))) : s)) {
            return null;
        }
        try {
            return InetAddress.getByName(s.startsWith("[") ? s.substring(1, s.indexOf(']')) : s);
        } catch (UnknownHostException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }
}
