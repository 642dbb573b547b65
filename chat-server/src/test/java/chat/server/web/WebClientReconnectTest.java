package chat.server.web;

import chat.server.ChatServer;
import chat.server.ServerConfig;
import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page survives a server restart: banner, backoff, resume with `since`, no gap, no duplicate, pending re-sent. */
class WebClientReconnectTest extends BrowserTestSupport {

    @Test
    void aRestartIsBridgedWithNothingMissedAndNothingTwice(@TempDir Path data) throws Exception {
        ServerConfig.Builder config = ServerConfig.builder().store("sqlite").dataDir(data);
        start(config);
        int port = server.port();
        ChatPage alice = page(0).joinAs("Alice");
        TestClient bob = join("bob");
        bob.send("type", "message", "text", "before the restart", "id", "b1");
        bob.next("ack");
        alice.awaitMessage("before the restart");
        alice.send("mine, before");
        alice.awaitMessage("mine, before");
        alice.joinRoom("dev");   // a second room, resumed by a `join` with `since` after the reconnect
        alice.send("dev, before");
        alice.awaitMessage("dev, before");
        alice.openConversation("#lobby");

        server.close(Duration.ZERO); // every client gets 1001 with a "retry after 1000-2000 ms" hint
        alice.until("reconnect banner", d -> d.findElement(By.id("banner")).isDisplayed());
        alice.send("written while offline");
        alice.until("shown as pending", d -> !d.findElements(By.cssSelector("#log .msg.pending")).isEmpty());

        server = ChatServer.start(config.host("127.0.0.1").port(port).build()); // same port, same database
        TestClient carol = TestClient.connect(port, "name=carol");
        carol.next("welcome");
        carol.next("joined");
        for (int i = 1; i <= 3; i++) {
            carol.send("type", "message", "text", "missed " + i, "id", "c" + i);
            carol.next("ack");
        }
        TestClient dave = TestClient.connect(port, "name=dave&room=dev");
        dave.next("joined");
        dave.send("type", "message", "text", "dev, missed", "id", "d1");
        dave.next("ack");

        alice.awaitOnline();
        alice.until("banner gone", d -> !d.findElement(By.id("banner")).isDisplayed());
        for (String text : List.of("before the restart", "mine, before", "missed 1", "missed 2", "missed 3",
                "written while offline")) {
            alice.awaitMessage(text);
            assertEquals(1, alice.count(text), text + " exactly once");
        }
        JsonNode resent = carol.next(f -> "written while offline".equals(f.path("text").asText()), "the re-sent message");
        assertEquals("Alice", resent.path("from").asText());
        assertTrue(carol.drain(Duration.ofMillis(500)).stream()
                .noneMatch(f -> "written while offline".equals(f.path("text").asText())), "delivered once");

        alice.until("unread badge on #dev", d -> alice.unread("#dev") == 1);
        alice.openConversation("#dev");
        alice.awaitMessage("dev, missed");
        assertEquals(1, alice.count("dev, before"));
        assertEquals(1, alice.count("dev, missed"));
        // Seqs in the DOM are strictly increasing: the replay slotted in where it belongs.
        List<?> seqs = (List<?>) alice.js("return [...document.querySelectorAll('#log .msg[data-seq]')].map(e => Number(e.dataset.seq))");
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(((Number) seqs.get(i)).longValue() > ((Number) seqs.get(i - 1)).longValue(), "order " + seqs);
        }
        carol.close();
        dave.close();
    }
}
