package chat.server.perimeter;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The client's address as resolved at the upgrade (through trusted proxies), kept on the channel for logs and limits. */
public final class ClientAddress {
    private static final AttributeKey<InetAddress> KEY = AttributeKey.valueOf(ClientAddress.class, "client");

    private ClientAddress() {
    }

    static void set(Channel ch, InetAddress address) {
        ch.attr(KEY).set(address);
    }

    /** Returns the resolved client address, or the TCP peer's when none was resolved. */
    public static InetAddress of(Channel ch) {
        InetAddress a = ch.attr(KEY).get();
        if (a != null) {
            return a;
        }
        return ch.remoteAddress() instanceof InetSocketAddress isa ? isa.getAddress() : InetAddress.getLoopbackAddress();
    }
}
