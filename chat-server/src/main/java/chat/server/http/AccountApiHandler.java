package chat.server.http;

import chat.server.auth.AccountService;
import chat.server.auth.AuthException;
import chat.server.auth.Authenticator;
import chat.server.auth.LoginResult;
import chat.server.auth.ThrottledException;
import chat.server.store.DuplicateNameException;
import chat.server.store.StoreException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * The account API: {@code POST /api/register}, {@code /api/login}, {@code /api/logout}, each with a JSON body
 * ({@code {"name":…,"password":…}}; logout takes its token from {@code Authorization: Bearer}, the
 * {@value Authenticator#COOKIE} cookie or a {@code "token"} field). Every other request passes on unchanged.
 *
 * <p>Answers are JSON with {@code Cache-Control: no-store}: register 201 {@code {"name"}}; login 200
 * {@code {"token","name","expires"}} plus the session cookie ({@code HttpOnly; SameSite=Strict}, {@code Secure}
 * when {@code secureRequest} says the request came over TLS); logout 200 {@code {}} clearing the cookie. Errors
 * are {@code {"error","message"}}: 400 bad body or policy, 401 wrong credentials, 405 not POST, 409 name taken,
 * 415 not {@code application/json} (so a cross-site form cannot post here without a CORS preflight), 429
 * throttled (with {@code Retry-After}), 503 store failure or a full executor.
 *
 * <p>The body is parsed on the event loop (small, CPU-only); the blocking {@link AccountService} call runs on
 * {@code blocking}, and the response is written from the channel's event loop. Passwords and tokens are never
 * logged. Stateless and {@link Sharable}.
 */
@Sharable
public final class AccountApiHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AccountApiHandler.class);

    public static final String REGISTER_PATH = "/api/register";
    public static final String LOGIN_PATH = "/api/login";
    public static final String LOGOUT_PATH = "/api/logout";
    /** Larger bodies are refused with 400 (a name and a 72-byte password fit many times over). */
    static final int MAX_BODY_BYTES = 8192;

    private static final JsonFactory JSON = new JsonFactory();

    private final AccountService accounts;
    private final Executor blocking;
    private final BiPredicate<Channel, FullHttpRequest> secureRequest;
    private final BiFunction<Channel, FullHttpRequest, InetAddress> clientAddress;

    /** Throttles logins by the TCP peer's address (no proxy in front). */
    public AccountApiHandler(AccountService accounts, Executor blocking,
                             BiPredicate<Channel, FullHttpRequest> secureRequest) {
        this(accounts, blocking, secureRequest, (ch, req) -> address(ch.remoteAddress()));
    }

    /**
     * @param clientAddress resolves the client's address (through trusted proxies) for per-address login
     *                      throttling — behind a proxy the TCP peer is the proxy, shared by every user
     */
    public AccountApiHandler(AccountService accounts, Executor blocking,
                             BiPredicate<Channel, FullHttpRequest> secureRequest,
                             BiFunction<Channel, FullHttpRequest, InetAddress> clientAddress) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.secureRequest = Objects.requireNonNull(secureRequest, "secureRequest");
        this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
    }

    /** The JSON fields of a request body; absent ones are {@code null}. */
    record Body(String name, String password, String token) {
    }

    /** A body that is not what the endpoint expects (400). */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || req.decoderResult().isFailure()) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (!REGISTER_PATH.equals(path) && !LOGIN_PATH.equals(path) && !LOGOUT_PATH.equals(path)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        Runnable work;
        try {
            if (!HttpMethod.POST.equals(req.method())) {
                FullHttpResponse res = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                        "use POST");
                res.headers().set(HttpHeaderNames.ALLOW, "POST");
                respond(ctx, keepAlive, res);
                return;
            }
            boolean secure = secureRequest.test(ctx.channel(), req);
            Body body;
            String token = LOGOUT_PATH.equals(path) ? headerToken(req) : null;
            try {
                body = parse(req, LOGOUT_PATH.equals(path) && token != null);
            } catch (BadRequest e) {
                FullHttpResponse res = e.getMessage().startsWith("Content-Type")
                        ? error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", e.getMessage())
                        : error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage());
                respond(ctx, keepAlive, res);
                return;
            }
            InetAddress client = clientAddress.apply(ctx.channel(), req);
            work = switch (path) {
                case REGISTER_PATH -> () -> answer(ctx, keepAlive, () -> register(body));
                case LOGIN_PATH -> () -> answer(ctx, keepAlive, () -> login(body, client, secure));
                default -> {
                    String t = token != null ? token : body.token();
                    yield () -> answer(ctx, keepAlive, () -> logout(t, secure));
                }
            };
        } finally {
            req.release();
        }
        try {
            blocking.execute(work);
        } catch (RejectedExecutionException e) {
            FullHttpResponse res = error(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", "server busy; retry");
            res.headers().set(HttpHeaderNames.RETRY_AFTER, "2");
            respond(ctx, keepAlive, res);
        }
    }

    /** One blocking API call producing a response. */
    private interface Call {
        FullHttpResponse run() throws Exception;
    }

    /** Runs {@code call} (on the blocking executor) and writes its answer on the channel's event loop. */
    private void answer(ChannelHandlerContext ctx, boolean keepAlive, Call call) {
        FullHttpResponse res;
        try {
            res = call.run();
        } catch (IllegalArgumentException e) {
            res = error(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage());
        } catch (AuthException e) {
            res = error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", e.getMessage());
        } catch (ThrottledException e) {
            res = error(HttpResponseStatus.TOO_MANY_REQUESTS, "too_many_requests", e.getMessage());
            res.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        } catch (DuplicateNameException e) {
            res = error(HttpResponseStatus.CONFLICT, "conflict", "name already taken");
        } catch (StoreException e) {
            log.warn("account API: store failure: {}", e.getMessage());
            res = error(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", "account store unavailable; retry");
            res.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
        } catch (Exception e) {
            log.error("account API: unexpected failure", e);
            res = error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "internal error");
        }
        FullHttpResponse out = res;
        if (ctx.executor().inEventLoop()) {
            respond(ctx, keepAlive, out);
        } else {
            try {
                ctx.executor().execute(() -> respond(ctx, keepAlive, out));
            } catch (RejectedExecutionException e) {
                out.release(); // the loop is shutting down; the connection goes with it
            }
        }
    }

    private FullHttpResponse register(Body body) throws Exception {
        require(body.name(), "name");
        require(body.password(), "password");
        String name = accounts.register(body.name(), body.password());
        return json(HttpResponseStatus.CREATED, Map.of("name", name));
    }

    private FullHttpResponse login(Body body, InetAddress client, boolean secure) throws Exception {
        require(body.name(), "name");
        require(body.password(), "password");
        LoginResult r = accounts.login(body.name(), body.password(), client);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", r.token());
        out.put("name", r.name());
        out.put("expires", r.expiresMillis());
        FullHttpResponse res = json(HttpResponseStatus.OK, out);
        res.headers().add(HttpHeaderNames.SET_COOKIE, cookie(r.token(), accounts.sessionTtl().toSeconds(), secure));
        return res;
    }

    private FullHttpResponse logout(String token, boolean secure) throws Exception {
        require(token, "token (Authorization: Bearer, the " + Authenticator.COOKIE + " cookie or a \"token\" field)");
        accounts.logout(token);
        FullHttpResponse res = json(HttpResponseStatus.OK, Map.of());
        res.headers().add(HttpHeaderNames.SET_COOKIE, cookie("", 0, secure));
        return res;
    }

    private static void require(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + ": missing");
        }
    }

    static String cookie(String value, long maxAgeSeconds, boolean secure) {
        return Authenticator.COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds
                + (secure ? "; Secure" : "");
    }

    /** The token of {@code Authorization: Bearer} or the session cookie, or {@code null}. */
    private static String headerToken(FullHttpRequest req) {
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = authorization.substring(7).trim();
            if (!t.isEmpty()) {
                return t;
            }
        }
        String cookies = req.headers().get(HttpHeaderNames.COOKIE);
        if (cookies != null) {
            for (Cookie c : ServerCookieDecoder.STRICT.decode(cookies)) {
                if (Authenticator.COOKIE.equals(c.name()) && !c.value().isEmpty()) {
                    return c.value();
                }
            }
        }
        return null;
    }

    /**
     * Parses a JSON object body; unknown fields are ignored, known ones must be strings. With
     * {@code emptyAllowed}, an empty body is an empty {@link Body}.
     */
    static Body parse(FullHttpRequest req, boolean emptyAllowed) throws BadRequest {
        ByteBuf content = req.content();
        if (!content.isReadable() && emptyAllowed) {
            return new Body(null, null, null);
        }
        CharSequence type = HttpUtil.getMimeType(req);
        if (type == null || !HttpHeaderValues.APPLICATION_JSON.contentEqualsIgnoreCase(type)) {
            throw new BadRequest("Content-Type must be application/json");
        }
        if (content.readableBytes() > MAX_BODY_BYTES) {
            throw new BadRequest("body too large (max " + MAX_BODY_BYTES + " bytes)");
        }
        String name = null;
        String password = null;
        String token = null;
        try (JsonParser p = JSON.createParser((java.io.InputStream) new ByteBufInputStream(content.duplicate()))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest("body must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "name", "password", "token" -> {
                        if (v == JsonToken.VALUE_NULL) {
                            continue;
                        }
                        if (v != JsonToken.VALUE_STRING) {
                            throw new BadRequest(field + ": must be a string");
                        }
                        String s = p.getText();
                        switch (field) {
                            case "name" -> name = s;
                            case "password" -> password = s;
                            default -> token = s;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new BadRequest("body is not one JSON object");
            }
        } catch (IOException e) {
            throw new BadRequest("body is not valid JSON"); // no parser message: it may quote the password
        }
        return new Body(name, password, token);
    }

    private static InetAddress address(SocketAddress remote) {
        return remote instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }

    private static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", code);
        m.put("message", message);
        return json(status, m);
    }

    private static FullHttpResponse json(HttpResponseStatus status, Map<String, ?> fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            for (Map.Entry<String, ?> e : fields.entrySet()) {
                if (e.getValue() instanceof Long n) {
                    g.writeNumberField(e.getKey(), n);
                } else {
                    g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuf body = Unpooled.wrappedBuffer(bytes.toByteArray());
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return res;
    }

    private static void respond(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse res) {
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(res, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
