package chat.server.access;

import chat.server.perimeter.ClientAddress;
import chat.server.perimeter.TrustedProxies;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

import java.net.InetAddress;

/**
 * Writes one {@link AccessLog} line per HTTP request: method, path (no query string), status, body bytes,
 * time from the request's head to its response's last part, and the client address through trusted
 * proxies. Sits right after the HTTP codec, so it sees requests as they are parsed and responses before
 * they are encoded. One instance per connection, on its event loop; leaves the pipeline at the upgrade.
 * Pipelined requests are rare and not tracked separately: a new request replaces an unanswered one.
 */
public final class HttpAccessLogHandler extends ChannelDuplexHandler {
    private final TrustedProxies proxies;
    private boolean pending;
    private long startNanos;
    private String method;
    private String path;
    private String client;
    private int status;
    private long bytes;

    public HttpAccessLogHandler(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req && AccessLog.enabled()) {
            pending = true;
            startNanos = System.nanoTime();
            method = req.method().name();
            path = AccessLog.pathOf(req.uri());
            InetAddress peer = ClientAddress.of(ctx.channel()); // the TCP peer, or the PROXY protocol's client
            client = proxies.clientAddress(peer, req.headers().get("X-Forwarded-For"), req.headers().get("Forwarded"))
                    .getHostAddress();
            status = 0;
            bytes = 0;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (pending) {
            if (msg instanceof HttpResponse res) {
                status = res.status().code();
            }
            if (msg instanceof HttpContent c) {
                bytes += c.content().readableBytes();
            } else if (msg instanceof ByteBuf b) {
                bytes += b.readableBytes();
            }
            if (msg instanceof LastHttpContent) {
                logLine();
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (pending) {
            logLine(); // closed before its answer was complete: status "-"
        }
        super.channelInactive(ctx);
    }

    private void logLine() {
        pending = false;
        AccessLog.http(client, method, path, status, bytes, System.nanoTime() - startNanos);
    }
}
