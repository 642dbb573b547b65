package chat.server;

import chat.server.testing.RawHttp;
import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --auth accounts} end to end on SQLite (and, in a subclass, PostgreSQL): register, log in, connect, log out. */
class AccountsFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dataDir;
    private ChatServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();

    /** The store the accounts live in: SQLite in a temp dir here. */
    ServerConfig.Builder withStore(ServerConfig.Builder b) throws Exception {
        return b.dataDir(dataDir);
    }

    private void start(Duration sessionTtl) throws Exception {
        server = ChatServer.start(withStore(ServerConfig.builder().host("127.0.0.1").port(0))
                .auth("accounts").sessionTtl(sessionTtl).build());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close(Duration.ZERO);
        }
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String login(String name, String password) throws Exception {
        HttpResponse<String> res = post("/api/login", "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}");
        assertEquals(200, res.statusCode(), res.body());
        String cookie = res.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cookie.startsWith("chat_token=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
                cookie);
        return JSON.readTree(res.body()).get("token").asText();
    }

    private int upgradeStatus(String target) throws Exception {
        RawHttp raw = RawHttp.open(server.port());
        open.add(raw);
        return RawHttp.status(raw.exchange(RawHttp.upgrade(server.port(), target, "")));
    }

    @Test
    void registerLoginChatLogout() throws Exception {
        start(Duration.ofDays(1));
        assertEquals(201, post("/api/register", "{\"name\":\"Alice\",\"password\":\"correct horse\"}").statusCode());
        assertEquals(409, post("/api/register", "{\"name\":\"alice\",\"password\":\"another one\"}").statusCode());
        assertEquals(400, post("/api/register", "{\"name\":\"bob\",\"password\":\"short\"}").statusCode());
        assertEquals(401, post("/api/login", "{\"name\":\"Alice\",\"password\":\"wrong horse\"}").statusCode());
        assertEquals(401, upgradeStatus("/ws?name=Alice"), "no token, no chat");
        String token = login("alice", "correct horse");
        TestClient c = TestClient.connect(server.port(), "name=mallory&token=" + token);
        open.add(c);
        JsonNode welcome = c.next("welcome");
        assertEquals("Alice", welcome.get("name").asText(), "the account's own spelling, not ?name=");
        HttpResponse<String> out = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/logout")).header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, out.statusCode(), out.body());
        assertEquals(401, upgradeStatus("/ws?token=" + token), "a logged-out token is revoked");
    }

    @Test
    void repeatedWrongPasswordsAreThrottledWithRetryAfter() throws Exception {
        start(Duration.ofDays(1));
        post("/api/register", "{\"name\":\"carol\",\"password\":\"right password\"}");
        int status = 0;
        HttpResponse<String> res = null;
        for (int i = 0; i < 6 && status != 429; i++) {
            res = post("/api/login", "{\"name\":\"carol\",\"password\":\"wrong password\"}");
            status = res.statusCode();
        }
        assertEquals(429, status);
        assertTrue(Long.parseLong(res.headers().firstValue("retry-after").orElseThrow()) >= 1);
    }

    @Test
    void anExpiredSessionClosesItsConnectionWith1008() throws Exception {
        start(Duration.ofSeconds(2));
        post("/api/register", "{\"name\":\"erin\",\"password\":\"long enough\"}");
        TestClient c = TestClient.connect(server.port(), "token=" + login("erin", "long enough"));
        open.add(c);
        c.next("joined");
        TestClient.Close close = c.awaitClose();
        assertEquals(1008, close.code());
        assertEquals("token expired", close.reason());
    }

    @Test
    void oneUsersFailuresBehindAProxyDoNotThrottleAnotherUserBehindIt() throws Exception {
        start(Duration.ofDays(1)); // loopback, where the test connects from, is a trusted proxy by default
        post("/api/register", "{\"name\":\"guesser\",\"password\":\"right password\"}");
        post("/api/register", "{\"name\":\"honest\",\"password\":\"right password\"}");
        for (int i = 0; i < 6; i++) {
            postFrom("203.0.113.1", "/api/login", "{\"name\":\"guesser\",\"password\":\"wrong password\"}");
        }
        assertEquals(429, postFrom("203.0.113.1", "/api/login",
                "{\"name\":\"other\",\"password\":\"wrong password\"}").statusCode(), "that address is throttled");
        assertEquals(200, postFrom("203.0.113.2", "/api/login",
                "{\"name\":\"honest\",\"password\":\"right password\"}").statusCode(), "another client is not");
    }

    private HttpResponse<String> postFrom(String forwardedFor, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sessionsSurviveARestartOfTheServer() throws Exception {
        start(Duration.ofDays(1));
        post("/api/register", "{\"name\":\"dave\",\"password\":\"long enough\"}");
        String token = login("dave", "long enough");
        server.close(Duration.ZERO);
        start(Duration.ofDays(1));
        assertEquals(101, upgradeStatus("/ws?token=" + token));
    }
}
