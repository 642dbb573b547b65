package chat.server.ws;

import chat.server.ServerConfig;
import chat.server.access.AccessLog;
import chat.server.access.PeerCloseRecorder;
import chat.server.auth.AuthException;
import chat.server.auth.Authenticator;
import chat.server.auth.Identity;
import chat.server.hub.Hub;
import chat.server.hub.Session;
import chat.server.perimeter.ClientAddress;
import chat.server.pipeline.HandlerNames;
import chat.server.protocol.ClientRequest;
import chat.server.protocol.ErrorCode;
import chat.server.protocol.ProtocolException;
import chat.server.protocol.RequestDecoder;
import chat.server.protocol.RequestType;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.concurrent.ScheduledFuture;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The chat end of one connection's pipeline: turns the handshake into a {@link Session} (name, welcome,
 * default room), rate-limits and decodes each text frame, hands requests to the {@link RequestRouter},
 * pings on reader-idle, and unregisters the session when the channel closes.
 *
 * <p>Errors about one request become an {@code error} frame; the connection stays up. Abuse (sustained
 * rate violation) closes with 1008, an oversized fragmented message with 1009, a bug with 1011.
 * One instance per channel; everything runs on the channel's event loop.
 */
public final class ChatSessionHandler extends ChannelInboundHandlerAdapter implements AccessLog.SessionTraffic {
    private static final Logger logger = LoggerFactory.getLogger(ChatSessionHandler.class);

    private final Hub hub;
    private final ServerConfig config;
    private final RequestDecoder decoder;
    private final RequestRouter router;
    private final Authenticator authenticator;
    private RateLimiter rateLimiter;
    private Session session;
    private ScheduledFuture<?> expiry;
    private long openedAtNanos;
    // Inbound traffic for the access log's close line: plain fields, this handler runs on one loop.
    private long bytesIn;
    private long messagesIn;

    /** {@code decoder}, {@code router} and {@code authenticator} are stateless and shared by every connection. */
    public ChatSessionHandler(Hub hub, ServerConfig config, RequestDecoder decoder, RequestRouter router,
                              Authenticator authenticator) {
        this.hub = hub;
        this.config = config;
        this.decoder = decoder;
        this.router = router;
        this.authenticator = authenticator;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeComplete hc) {
            onHandshake(ctx, hc);
        } else if (evt instanceof IdleStateEvent) {
            if (session == null) {
                ctx.close(); // an idle HTTP keep-alive connection: nothing to ping
            } else {
                ctx.channel().writeAndFlush(new PingWebSocketFrame(), ctx.channel().voidPromise());
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    private void onHandshake(ChannelHandlerContext ctx, HandshakeComplete hc) {
        ChannelPipeline p = ctx.pipeline();
        // The HTTP-phase handlers have nothing left to do on this connection (netty/netty example WebSocketFrameHandler).
        removeIfPresent(p, HandlerNames.REQUEST_DEADLINE); // before WSPH: it never sees HandshakeComplete itself
        removeIfPresent(p, HandlerNames.ACCOUNT_API);
        removeIfPresent(p, HandlerNames.HTTP_ROUTER);
        removeIfPresent(p, HandlerNames.NAME_CLAIM); // its claimed name (if any) is taken below
        removeIfPresent(p, HandlerNames.STATIC);
        removeIfPresent(p, HandlerNames.ACCESS_LOG);
        if (p.get(HandlerNames.WS) != null) { // (absent in unit tests of this handler alone)
            p.addBefore(HandlerNames.WS, HandlerNames.PEER_CLOSE, PeerCloseRecorder.INSTANCE);
        }

        Identity identity = Authenticator.of(ctx.channel());
        HandshakeParams params = HandshakeParams.parse(hc.requestUri(), config.defaultRoom(),
                identity == null ? null : identity.name());
        String refusal = params.error() != null ? params.error()
                : !hub.mayJoin(params.name(), identity, params.room())
                ? "room: " + params.room() + " needs an invitation (or your credential does not allow it)"
                : null;
        if (refusal != null) {
            String claimed = NameClaimHandler.take(ctx.channel());
            if (claimed != null) {
                hub.releaseName(claimed, ctx.channel());
            }
            hub.stats().badRequests.increment();
            ErrorCode code = params.error() != null ? ErrorCode.BAD_REQUEST : ErrorCode.FORBIDDEN;
            ctx.channel().write(hub.encoder().error(code, refusal, null), ctx.voidPromise());
            ctx.channel().writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, refusal))
                    .addListener(f -> ctx.channel().close());
            AccessLog.wsRejected(ClientAddress.of(ctx.channel()).getHostAddress(), refusal);
            return;
        }
        String name;
        if (identity != null) {
            name = identity.name(); // the user's own name: shared by their tabs, never suffixed
            hub.shareName(name, ctx.channel());
        } else {
            String claimed = NameClaimHandler.take(ctx.channel()); // cluster mode: claimed before the upgrade
            name = claimed != null ? claimed : hub.claimName(params.name(), ctx.channel());
        }
        session = new Session(ctx.channel(), name, params.room(), config.outboundLimit(),
                config.closeTimeout().toMillis(), hub.stats());
        session.identity(identity);
        session.writeFrom(p.context(HandlerNames.IDLE)); // below the WebSocket codec, above TLS
        scheduleExpiry(ctx);
        openedAtNanos = System.nanoTime();
        rateLimiter = new RateLimiter(config.rate(), config.rateBurst(), config.rateAbuseLimit(), openedAtNanos);
        hub.stats().connectionsOpened.increment();
        hub.register(session);
        session.writeChat(hub.encoder().welcome(name, params.room(), java.util.List.of(params.room())));
        session.flush();
        hub.join(session, params.room(), params.since());
        AccessLog.wsOpen(ClientAddress.of(ctx.channel()).getHostAddress(), name, params.room());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame) || session == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (session.isClosing()) {
                return; // a close is under way: nothing more is processed
            }
            hub.stats().messagesIn.increment();
            messagesIn++;
            bytesIn += frame.content().readableBytes();
            if (!admit()) {
                return;
            }
            if (frame instanceof TextWebSocketFrame) {
                ClientRequest request = decoder.decode(frame.content());
                hub.stats().requestsIn.increment(request.type().wire());
                if (request.type() == RequestType.AUTH) {
                    refresh(ctx, request);
                } else {
                    router.route(session, request);
                }
            } else if (frame instanceof BinaryWebSocketFrame) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "binary frames are not supported; send JSON text", null);
            }
        } catch (ProtocolException e) {
            hub.stats().badRequests.increment();
            session.send(hub.encoder().error(e.code(), e.getMessage(), e.requestId()));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Extends the connection with a fresh token for the same user ({@code {"type":"auth","token":…}}):
     * replies {@code authed} with the new expiry, or {@code unauthorized}.
     */
    private void refresh(ChannelHandlerContext ctx, ClientRequest request) throws ProtocolException {
        Identity fresh;
        try {
            fresh = authenticator.refresh(request.token());
        } catch (AuthException e) {
            hub.stats().authFailures.increment();
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, e.getMessage(), request.id());
        }
        if (!fresh.name().equals(session.name())) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED,
                    "token: for " + fresh.name() + ", but this connection is " + session.name(), request.id());
        }
        session.identity(fresh);
        scheduleExpiry(ctx);
        session.send(hub.encoder().authed(request.id(), fresh.expiresAtMillis()));
    }

    /** Closes the connection with 1008 when its credential expires, unless refreshed before. */
    private void scheduleExpiry(ChannelHandlerContext ctx) {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        Identity id = session.identity();
        if (id == null || id.expiresAtMillis() == 0) {
            return;
        }
        long delay = Math.max(0, id.expiresAtMillis() - System.currentTimeMillis());
        expiry = ctx.executor().schedule(() -> session.close(WebSocketCloseStatus.POLICY_VIOLATION, "token expired"),
                delay, TimeUnit.MILLISECONDS);
    }

    /** Applies the rate limit: {@code true} to process the frame. */
    private boolean admit() {
        switch (rateLimiter.acquire(System.nanoTime())) {
            case ALLOW:
                return true;
            case REJECT:
                hub.stats().rateLimited.increment();
                session.send(hub.encoder().error(ErrorCode.RATE_LIMITED,
                        "rate limit: at most " + config.rate() + " requests/s (burst " + config.rateBurst() + ")", null));
                return false;
            default:
                hub.stats().abuseCloses.increment();
                logger.warn("closing {}: sustained rate-limit violation", session);
                session.close(WebSocketCloseStatus.POLICY_VIOLATION, "rate limit abuse");
                return false;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (expiry != null) {
            expiry.cancel(false);
        }
        if (session != null) {
            hub.unregister(session);
            hub.stats().connectionsClosed.increment();
            hub.stats().closesByCode.increment(Integer.toString(session.closeCode()));
            AccessLog.wsClose(ClientAddress.of(ctx.channel()).getHostAddress(), session.name(), this,
                    System.nanoTime() - openedAtNanos, session.closeCode(), session.closeReason(), session.closedBy());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException e) {
            // The frame decoder has already sent the close frame (1009 or 1002) and closed the channel.
            if (session != null) {
                session.recordClose(e.closeStatus().code(), e.closeStatus().reasonText(), "server");
            }
            logger.debug("protocol violation on {}: {}", ctx.channel(), cause.getMessage());
        } else if (cause instanceof TooLongFrameException) {
            // A fragmented message over --max-frame-bytes (single frames are caught by the decoder, which closes with 1009 itself).
            closeWith(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "message too big");
        } else if (cause instanceof IOException || cause.getCause() instanceof SSLException) {
            // Resets, and TLS failures such as plain HTTP sent to a TLS port: the peer's problem, not ours.
            logger.debug("I/O error on {}: {}", ctx.channel(), cause.toString());
            ctx.close();
        } else {
            logger.warn("closing {} after an unexpected error", ctx.channel(), cause);
            closeWith(ctx, WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
    }

    @Override
    public long bytesIn() {
        return bytesIn;
    }

    @Override
    public long bytesOut() {
        return session.bytesOut();
    }

    @Override
    public long messagesIn() {
        return messagesIn;
    }

    @Override
    public long messagesOut() {
        return session.messagesOut();
    }

    private void closeWith(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        if (session != null) {
            session.close(status, reason);
        } else {
            ctx.close();
        }
    }

    private static void removeIfPresent(ChannelPipeline p, String name) {
        if (p.get(name) != null) {
            p.remove(name);
        }
    }
}
