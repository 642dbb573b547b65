package chat.server.pipeline;

import chat.server.access.HttpAccessLogHandler;
import chat.server.http.MetricsHttpHandler;
import chat.server.perimeter.RequestDeadlineHandler;
import chat.server.perimeter.TrustedProxies;
import chat.server.ws.IdleTimeoutHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

import java.time.Duration;

/**
 * The pipeline of the {@code --metrics-port} listener: plain HTTP, bounded requests, an idle timeout, the
 * access log, and {@link MetricsHttpHandler}. Its connections share the chat server's event loops.
 * <pre>
 *   idle-timeout   IdleTimeoutHandler (a scraper that keeps a connection open but silent is closed)
 *   http           HttpServerCodec
 *   access-log     HttpAccessLogHandler
 *   aggregator     HttpObjectAggregator (4 KiB: scrapes have no body)
 *   request-deadline RequestDeadlineHandler (slowloris)
 *   metrics        MetricsHttpHandler: /metrics, else 404
 * </pre>
 */
public final class MetricsInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_BODY_BYTES = 4096;

    private final MetricsHttpHandler handler;
    private final TrustedProxies proxies;
    private final Duration idleTimeout;
    private final Duration requestTimeout;

    public MetricsInitializer(MetricsHttpHandler handler, TrustedProxies proxies, Duration idleTimeout,
                              Duration requestTimeout) {
        this.handler = handler;
        this.proxies = proxies;
        this.idleTimeout = idleTimeout;
        this.requestTimeout = requestTimeout;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(HandlerNames.IDLE_TIMEOUT, new IdleTimeoutHandler(idleTimeout.toMillis()));
        p.addLast(HandlerNames.HTTP, new HttpServerCodec());
        p.addLast(HandlerNames.ACCESS_LOG, new HttpAccessLogHandler(proxies));
        p.addLast(HandlerNames.AGGREGATOR, new HttpObjectAggregator(MAX_BODY_BYTES));
        p.addLast(HandlerNames.REQUEST_DEADLINE, new RequestDeadlineHandler(requestTimeout.toMillis()));
        p.addLast("metrics", handler);
    }
}
