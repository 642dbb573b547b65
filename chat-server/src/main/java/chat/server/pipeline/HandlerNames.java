package chat.server.pipeline;

/**
 * Names of the handlers in a connection's pipeline, in order (reactor-netty's {@code NettyPipeline} idea):
 * <pre>
 *   proxy-decoder  HAProxyMessageDecoder (only with --proxy-protocol) removes itself after the header
 *   proxy-reader   ProxyProtocolReader: records the client address  removes itself after the header
 *   tls            SslHandler (only with --tls-cert/--tls-key)      whole life
 *   idle           IdleStateHandler (reader-idle → ping)          whole life
 *   idle-timeout   IdleTimeoutHandler (reader-idle → close)        whole life
 *   http           HttpServerCodec                                 removed by the handshake
 *   access-log     HttpAccessLogHandler: one chat.access line per request   removed on HandshakeComplete
 *   aggregator     HttpObjectAggregator (bounded)                  removed by the handshake
 *   request-deadline RequestDeadlineHandler (slowloris)            removed on HandshakeComplete
 *   account-api    AccountApiHandler: /api/register|login|logout  only with --auth accounts; removed on HandshakeComplete
 *   http-router    HttpRouter: health, metrics, /api/info|stats,   removed on HandshakeComplete
 *                  drain 503
 *   name-claim     NameClaimHandler: cluster-wide anonymous name   cluster mode with --auth none; removed on HandshakeComplete
 *   peer-close     PeerCloseRecorder: the client's close code      added before ws on HandshakeComplete
 *   ws             WebSocketServerProtocolHandler on /ws           (+ its handshake handler and UTF-8 validator)
 *   static         StaticFileHandler: web client, 404/405          removed on HandshakeComplete
 *   ws-aggregator  WebSocketFrameAggregator (bounded)              joins fragmented messages
 *   chat           ChatSessionHandler                              the session
 * </pre>
 */
public final class HandlerNames {
    public static final String PROXY_DECODER = "proxy-decoder";
    public static final String PROXY_READER = "proxy-reader";
    public static final String TLS = "tls";
    public static final String IDLE = "idle";
    public static final String IDLE_TIMEOUT = "idle-timeout";
    public static final String HTTP = "http";
    public static final String ACCESS_LOG = "access-log";
    public static final String AGGREGATOR = "aggregator";
    public static final String REQUEST_DEADLINE = "request-deadline";
    public static final String ACCOUNT_API = "account-api";
    public static final String HTTP_ROUTER = "http-router";
    public static final String NAME_CLAIM = "name-claim";
    public static final String PEER_CLOSE = "peer-close";
    public static final String WS = "ws";
    public static final String STATIC = "static";
    public static final String WS_AGGREGATOR = "ws-aggregator";
    public static final String CHAT = "chat";

    private HandlerNames() {
    }
}
