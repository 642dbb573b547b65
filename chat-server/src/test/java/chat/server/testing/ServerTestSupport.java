package chat.server.testing;

import chat.server.ChatServer;
import chat.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A server on a free loopback port and the clients a test opens; all closed after each test. */
public abstract class ServerTestSupport {
    protected ChatServer server;
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();

    /** Starts the server with {@code b} on 127.0.0.1 and a free port. */
    protected ChatServer start(ServerConfig.Builder b) throws Exception {
        server = ChatServer.start(b.host("127.0.0.1").port(0).build());
        return server;
    }

    /** Connects to {@code /ws?query}; the client is closed after the test. */
    protected TestClient connect(String query) throws Exception {
        TestClient c = TestClient.connect(server.port(), query);
        clients.add(c);
        return c;
    }

    /** Connects as {@code name} and consumes {@code welcome} and {@code joined}. */
    protected TestClient join(String name) throws Exception {
        TestClient c = connect("name=" + name);
        c.next("welcome");
        c.next("joined");
        return c;
    }

    @AfterEach
    void stopServerAndClients() {
        clients.forEach(TestClient::close);
        clients.clear();
        if (server != null) {
            server.close(Duration.ZERO);
            server = null;
        }
    }
}
