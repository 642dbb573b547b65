package chat.server.pipeline;

import chat.server.ServerConfig;
import chat.server.access.HttpAccessLogHandler;
import chat.server.perimeter.TrustedProxies;
import chat.server.auth.Authenticator;
import chat.server.http.HttpRouter;
import chat.server.hub.Hub;
import chat.server.perimeter.ProxyProtocolReader;
import chat.server.perimeter.RequestDeadlineHandler;
import chat.server.protocol.RequestDecoder;
import chat.server.ws.ChatSessionHandler;
import chat.server.ws.NameClaimHandler;
import chat.server.ws.IdleTimeoutHandler;
import chat.server.ws.RequestRouter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import chat.server.transport.Tls;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/**
 * Builds every connection's pipeline on the main port, in the order {@link HandlerNames} documents. The one
 * place that does ({@link MetricsInitializer} builds the separate metrics listener's).
 */
public final class ChatServerInitializer extends ChannelInitializer<SocketChannel> {
    /** The WebSocket endpoint. */
    public static final String WS_PATH = "/ws";

    private final ServerConfig config;
    private final Hub hub;
    private final HttpRouter httpRouter;
    private final ChannelHandler staticHandler;
    private final RequestDecoder decoder;
    private final RequestRouter router;
    private final Authenticator authenticator;
    private final ChannelHandler accountApi;
    private final SslContext tls;
    private final TrustedProxies proxies;
    private final WebSocketServerProtocolConfig wsConfig;

    /** @param accountApi the {@code /api} handler in accounts mode, else {@code null} */
    public ChatServerInitializer(ServerConfig config, Hub hub, Authenticator authenticator, ChannelHandler accountApi,
                                 HttpRouter httpRouter, ChannelHandler staticHandler, TrustedProxies proxies) {
        this.config = config;
        this.proxies = proxies;
        this.hub = hub;
        this.authenticator = authenticator;
        this.accountApi = accountApi;
        this.tls = config.tlsCert() == null ? null : Tls.serverContext(config.tlsCert(), config.tlsKey());
        this.httpRouter = httpRouter;
        this.staticHandler = staticHandler;
        this.decoder = new RequestDecoder(config.maxTextLength());
        this.router = new RequestRouter(hub, config.maxRoomsPerConnection());
        this.wsConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(WS_PATH)
                .checkStartsWith(true) // else /ws?name=x is not an upgrade (netty/netty#5909)
                .maxFramePayloadLength(config.maxFrameBytes())
                .handshakeTimeoutMillis(config.handshakeTimeout().toMillis())
                .forceCloseTimeoutMillis(config.closeTimeout().toMillis())
                .sendCloseFrame(WebSocketCloseStatus.NORMAL_CLOSURE)
                .allowExtensions(false) // compression would encode per recipient and break pre-framed fan-out
                .build();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (config.proxyProtocol()) {
            p.addLast(HandlerNames.PROXY_DECODER, new HAProxyMessageDecoder());
            p.addLast(HandlerNames.PROXY_READER, ProxyProtocolReader.INSTANCE);
        }
        if (tls != null) {
            p.addLast(HandlerNames.TLS, tls.newHandler(ch.alloc()));
        }
        p.addLast(HandlerNames.IDLE, new IdleStateHandler(config.pingInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast(HandlerNames.IDLE_TIMEOUT, new IdleTimeoutHandler(config.idleTimeout().toMillis()));
        p.addLast(HandlerNames.HTTP, new HttpServerCodec());
        p.addLast(HandlerNames.ACCESS_LOG, new HttpAccessLogHandler(proxies));
        p.addLast(HandlerNames.AGGREGATOR, new HttpObjectAggregator(config.maxHttpBodyBytes()));
        p.addLast(HandlerNames.REQUEST_DEADLINE, new RequestDeadlineHandler(config.handshakeTimeout().toMillis()));
        if (accountApi != null) {
            p.addLast(HandlerNames.ACCOUNT_API, accountApi);
        }
        p.addLast(HandlerNames.HTTP_ROUTER, httpRouter);
        if (config.redis() != null && config.auth().equals("none")) {
            p.addLast(HandlerNames.NAME_CLAIM, new NameClaimHandler(hub, config.defaultRoom()));
        }
        p.addLast(HandlerNames.WS, new WebSocketServerProtocolHandler(wsConfig));
        p.addLast(HandlerNames.STATIC, staticHandler);
        p.addLast(HandlerNames.WS_AGGREGATOR, new WebSocketFrameAggregator(config.maxFrameBytes()));
        p.addLast(HandlerNames.CHAT, new ChatSessionHandler(hub, config, decoder, router, authenticator));
    }
}
