package chat.server.perimeter;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} headers are believed
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
     * right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy (proxies append what they
     * saw, so entries to its left are the client's own claims).
     */
    public InetAddress clientAddress(InetAddress peer, String xForwardedFor) {
        if (xForwardedFor == null || !trusts(peer)) {
            return peer;
        }
        String[] hops = xForwardedFor.split(",");
        InetAddress client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = parseLiteral(hops[i].trim());
            if (hop == null) {
                break;
            }
            client = hop;
            if (!trusts(hop)) {
                break;
            }
        }
        return client;
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
