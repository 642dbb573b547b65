package chat.server.perimeter;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerimeterPoliciesTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void sameHostOriginsMatchOnHostAndPortWithDefaultPorts() {
        OriginPolicy p = OriginPolicy.of(List.of());
        assertTrue(p.allows(null, "chat.example.com"));
        assertTrue(p.allows("https://chat.example.com", "chat.example.com"), "https default port vs Host without port");
        assertTrue(p.allows("http://chat.example.com:8080", "Chat.Example.com:8080"));
        assertFalse(p.allows("http://chat.example.com:8081", "chat.example.com:8080"));
        assertFalse(p.allows("http://evil.example", "chat.example.com"));
        assertFalse(p.allows("null", "chat.example.com"));
        assertFalse(p.allows("http://chat.example.com", null));
        assertTrue(OriginPolicy.of(List.of("*")).allows("http://anything", "x"));
    }

    @Test
    void cidrsContainTheirAddressesOnly() throws Exception {
        TrustedProxies t = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "::1/128"));
        assertTrue(t.trusts(ip("10.255.1.2")));
        assertFalse(t.trusts(ip("11.0.0.1")));
        assertTrue(t.trusts(ip("192.168.1.7")));
        assertFalse(t.trusts(ip("192.168.1.8")));
        assertTrue(t.trusts(ip("::1")));
        assertFalse(t.trusts(ip("127.0.0.1")));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("proxy.example.com")));
    }

    @Test
    void clientAddressIsTheRightMostUntrustedHopFromATrustedPeer() throws Exception {
        TrustedProxies t = TrustedProxies.of(List.of("10.0.0.0/8"));
        assertEquals(ip("203.0.113.9"), t.clientAddress(ip("10.0.0.1"), "198.51.100.1, 203.0.113.9"));
        assertEquals(ip("203.0.113.9"), t.clientAddress(ip("10.0.0.1"), "203.0.113.9, 10.0.0.2"));
        assertEquals(ip("8.8.8.8"), t.clientAddress(ip("8.8.8.8"), "203.0.113.9"), "untrusted peer");
        assertEquals(ip("10.0.0.1"), t.clientAddress(ip("10.0.0.1"), "not-an-address"));
        assertEquals(ip("2001:db8::1"), t.clientAddress(ip("10.0.0.1"), "2001:db8::1"));
    }

    @Test
    void forwardedHeaderIsReadLikeXForwardedFor() throws Exception {
        TrustedProxies t = TrustedProxies.of(List.of("10.0.0.0/8"));
        assertEquals(List.of("192.0.2.60", "[2001:db8:cafe::17]", "unknown"),
                TrustedProxies.forwardedFor("for=\"192.0.2.60:4711\";proto=https, For=\"[2001:db8:cafe::17]:4711\", for=unknown"));
        assertEquals(ip("198.51.100.17"), t.clientAddress(ip("10.0.0.1"), null, "for=192.0.2.43, for=198.51.100.17;by=10.0.0.1"));
        assertEquals(ip("2001:db8:cafe::17"), t.clientAddress(ip("10.0.0.1"), null, "for=\"[2001:db8:cafe::17]:4711\""));
        assertEquals(ip("10.0.0.1"), t.clientAddress(ip("10.0.0.1"), null, "for=unknown"), "an unknown hop is not believed");
        assertEquals(ip("203.0.113.1"), t.clientAddress(ip("10.0.0.1"), "203.0.113.1", "for=192.0.2.43"),
                "X-Forwarded-For wins when both are present");
        assertEquals(ip("8.8.8.8"), t.clientAddress(ip("8.8.8.8"), null, "for=192.0.2.43"), "untrusted peer");
    }

    @Test
    void connectionCapsFromBothSides() throws Exception {
        ConnectionLimits l = new ConnectionLimits(3, 2);
        InetAddress a = ip("10.0.0.1");
        InetAddress b = ip("10.0.0.2");
        assertEquals(ConnectionLimits.Verdict.OK, l.tryAcquire(a));
        assertEquals(ConnectionLimits.Verdict.OK, l.tryAcquire(a));
        assertEquals(ConnectionLimits.Verdict.TOO_MANY_FROM_ADDRESS, l.tryAcquire(a));
        assertEquals(ConnectionLimits.Verdict.OK, l.tryAcquire(b));
        assertEquals(ConnectionLimits.Verdict.TOO_MANY_TOTAL, l.tryAcquire(b));
        l.release(a);
        assertEquals(ConnectionLimits.Verdict.OK, l.tryAcquire(b));
        assertEquals(3, l.total());
        ConnectionLimits none = new ConnectionLimits(0, 0);
        for (int i = 0; i < 1000; i++) {
            assertEquals(ConnectionLimits.Verdict.OK, none.tryAcquire(a));
        }
    }
}
