package chat.server.perimeter;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Reads the HAProxy PROXY protocol header (v1 or v2, decoded by Netty's {@code HAProxyMessageDecoder}
 * before it) and records the real client address; then leaves the pipeline (reactor-netty's
 * {@code HAProxyMessageReader} does the same). {@code LOCAL} commands (the proxy's own health checks)
 * carry no address. Only enabled with {@code --proxy-protocol}: otherwise any client could claim any
 * address. Stateless; shared.
 */
@Sharable
public final class ProxyProtocolReader extends ChannelInboundHandlerAdapter {
    public static final ProxyProtocolReader INSTANCE = new ProxyProtocolReader();

    private ProxyProtocolReader() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HAProxyMessage proxy) {
            try {
                if (proxy.command() == HAProxyCommand.PROXY && proxy.sourceAddress() != null) {
                    ClientAddress.set(ctx.channel(), InetAddress.getByName(proxy.sourceAddress())); // a literal: no lookup
                }
            } catch (UnknownHostException ignored) {
                // an address HAProxy sent that Java cannot parse: keep the TCP peer
            } finally {
                proxy.release();
                ctx.pipeline().remove(this);
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
