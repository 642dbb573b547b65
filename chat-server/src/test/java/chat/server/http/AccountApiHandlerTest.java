package chat.server.http;

import chat.server.auth.AccountService;
import chat.server.auth.AuthException;
import chat.server.auth.MutableClock;
import chat.server.store.AccountStore;
import chat.server.store.MemoryStore;
import chat.server.store.StoreException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountApiHandlerTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Duration TTL = Duration.ofHours(2);

    AccountService accounts;
    boolean secure;
    EmbeddedChannel ch;

    @BeforeEach
    void setUp() throws Exception {
        accounts = new AccountService(new MemoryStore(10), TTL, new MutableClock(1_000_000));
        ch = channel(accounts);
    }

    EmbeddedChannel channel(AccountService service) {
        return new EmbeddedChannel(new AccountApiHandler(service, Runnable::run, (c, req) -> secure));
    }

    @AfterEach
    void tearDown() {
        ch.finishAndReleaseAll();
    }

    static FullHttpRequest post(String path, String json) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        req.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        HttpUtil.setContentLength(req, req.content().readableBytes());
        return req;
    }

    record Answer(int status, JsonNode body, FullHttpResponse res) {
        String header(CharSequence name) {
            return res.headers().get(name);
        }
    }

    Answer send(FullHttpRequest req) throws Exception {
        ch.writeInbound(req);
        assertEquals(0, req.refCnt(), "request released");
        FullHttpResponse res = ch.readOutbound();
        try {
            assertEquals("application/json", res.headers().get(HttpHeaderNames.CONTENT_TYPE));
            assertEquals("no-store", res.headers().get(HttpHeaderNames.CACHE_CONTROL));
            JsonNode body = MAPPER.readTree(res.content().toString(StandardCharsets.UTF_8));
            res.content().release();
            return new Answer(res.status().code(), body, res);
        } finally {
            if (res.refCnt() > 0) {
                res.release();
            }
        }
    }

    Answer login(String name, String password) throws Exception {
        return send(post("/api/login", "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}"));
    }

    @Test
    void registerThenLoginSetsTheCookie() throws Exception {
        Answer reg = send(post("/api/register", "{\"name\":\" Alice \",\"password\":\"password1\",\"extra\":[1,{}]}"));
        assertEquals(201, reg.status());
        assertEquals("Alice", reg.body().get("name").asText());

        Answer ok = login("alice", "password1");
        assertEquals(200, ok.status());
        String token = ok.body().get("token").asText();
        assertEquals("Alice", ok.body().get("name").asText());
        assertEquals(1_000_000 + TTL.toMillis(), ok.body().get("expires").asLong());
        assertEquals("chat_token=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=7200",
                ok.header(HttpHeaderNames.SET_COOKIE));
        assertEquals("Alice", accounts.verify(token).name());
        assertTrue(ch.isOpen()); // keep-alive by default on HTTP/1.1

        secure = true;
        Answer again = login("Alice", "password1");
        assertTrue(again.header(HttpHeaderNames.SET_COOKIE).endsWith("; Max-Age=7200; Secure"));
    }

    @Test
    void logoutByBearerCookieOrBodyClearsTheCookie() throws Exception {
        accounts.register("Bob", "password1");
        for (int how = 0; how < 3; how++) {
            String token = login("Bob", "password1").body().get("token").asText();
            FullHttpRequest req = post("/api/logout", how == 2 ? "{\"token\":\"" + token + "\"}" : "");
            if (how == 0) {
                req.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
            } else if (how == 1) {
                req.headers().set(HttpHeaderNames.COOKIE, "other=1; chat_token=" + token);
            }
            secure = how == 1;
            Answer out = send(req);
            assertEquals(200, out.status(), "how " + how);
            assertEquals(0, out.body().size());
            assertEquals("chat_token=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure ? "; Secure" : ""),
                    out.header(HttpHeaderNames.SET_COOKIE));
            assertThrows(AuthException.class, () -> accounts.verify(token));
        }
        Answer missing = send(post("/api/logout", ""));
        assertEquals(400, missing.status());
        assertEquals("bad_request", missing.body().get("error").asText());
    }

    @Test
    void badBodiesAndPolicyAre400() throws Exception {
        for (String body : List.of("", "not json", "[1]", "{\"name\":\"x\"", "{\"name\":1,\"password\":\"password1\"}",
                "{\"password\":\"password1\"}", "{\"name\":\"Carol\"}", "{} {}",
                "{\"name\":\"Carol\",\"password\":\"short\"}", "{\"name\":\"<bad>\",\"password\":\"password1\"}")) {
            Answer a = send(post("/api/register", body));
            assertEquals(400, a.status(), body);
            assertEquals("bad_request", a.body().get("error").asText());
            assertFalse(a.body().get("message").asText().isEmpty());
        }
        Answer a = send(post("/api/login", "{\"name\":\"Carol\",\"password\":\"sec"));
        assertEquals(400, a.status());
        assertFalse(a.body().get("message").asText().contains("sec"), "no body text echoed");
    }

    @Test
    void wrongContentTypeIs415AndNotPostIs405() throws Exception {
        FullHttpRequest form = post("/api/login", "{\"name\":\"a\",\"password\":\"password1\"}");
        form.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        assertEquals(415, send(form).status());

        FullHttpRequest get = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/register");
        Answer a = send(get);
        assertEquals(405, a.status());
        assertEquals("POST", a.header(HttpHeaderNames.ALLOW));
    }

    @Test
    void wrongCredentials401DuplicateName409Throttled429() throws Exception {
        accounts.register("Dan", "password1");
        Answer wrong = login("Dan", "password2");
        assertEquals(401, wrong.status());
        assertEquals("unauthorized", wrong.body().get("error").asText());
        assertEquals("invalid name or password", wrong.body().get("message").asText());
        assertEquals(wrong.body(), login("Nobody", "password2").body());

        assertEquals(409, send(post("/api/register", "{\"name\":\"DAN\",\"password\":\"password1\"}")).status());

        login("Dan", "password2");
        login("Dan", "password2");
        assertEquals(401, login("Dan", "password2").status()); // fourth failure: 1 s backoff
        Answer t = login("Dan", "password1");
        assertEquals(429, t.status());
        assertEquals("1", t.header(HttpHeaderNames.RETRY_AFTER));
        assertEquals("too_many_requests", t.body().get("error").asText());
    }

    @Test
    void storeFailureIs503() throws Exception {
        AccountStore broken = new AccountStore() {
            @Override
            public void createAccount(String name, String passwordHash, long createdMillis) throws StoreException {
                throw new StoreException("down");
            }

            @Override
            public Account find(String name) throws StoreException {
                throw new StoreException("down");
            }

            @Override
            public void saveSession(String tokenHash, String name, long expiresMillis) throws StoreException {
                throw new StoreException("down");
            }

            @Override
            public void deleteSession(String tokenHash) throws StoreException {
                throw new StoreException("down");
            }

            @Override
            public List<StoredSession> liveSessions(long nowMillis) {
                return List.of();
            }

            @Override
            public int deleteExpiredSessions(long nowMillis) throws StoreException {
                throw new StoreException("down");
            }
        };
        ch.finishAndReleaseAll();
        ch = channel(new AccountService(broken, TTL, new MutableClock(0)));
        assertEquals(503, send(post("/api/register", "{\"name\":\"Eve\",\"password\":\"password1\"}")).status());
        Answer a = login("Eve", "password1");
        assertEquals(503, a.status());
        assertEquals("unavailable", a.body().get("error").asText());
        assertTrue(a.header(HttpHeaderNames.RETRY_AFTER) != null);
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        FullHttpRequest req = post("/api/login", "{\"name\":\"x\",\"password\":\"password1\"}");
        req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        Answer a = send(req);
        assertEquals(401, a.status());
        assertEquals("close", a.header(HttpHeaderNames.CONNECTION));
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
    }

    @Test
    void otherRequestsPassOnUnchanged() {
        FullHttpRequest other = post("/api/other", "{}");
        FullHttpRequest root = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        ch.writeInbound(other, root, "not http");
        assertSame(other, ch.readInbound());
        assertSame(root, ch.readInbound());
        assertEquals("not http", ch.readInbound());
        assertNull(ch.readOutbound());
        other.release();
        root.release();
    }
}
