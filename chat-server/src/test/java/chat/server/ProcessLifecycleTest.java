package chat.server;

import chat.server.testing.ServerProcess;
import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server as users run it: a separate JVM, stopped with SIGTERM, or killed with SIGKILL. */
class ProcessLifecycleTest {
    @TempDir
    Path dataDir;

    @Test
    void sigtermDrainsClientsWith1001AndExitsZero() throws Exception {
        try (ServerProcess server = ServerProcess.start("--drain-seconds", "200ms", "--data-dir", dataDir.toString())) {
            assertTrue(server.transport().equals("epoll") || server.transport().equals("nio"));
            try (TestClient a = TestClient.connect(server.port(), "name=a");
                 TestClient b = TestClient.connect(server.port(), "name=b")) {
                a.next("joined");
                b.next("joined");
                server.terminate();
                for (TestClient c : new TestClient[]{a, b}) {
                    TestClient.Close close = c.awaitClose();
                    assertEquals(1001, close.code());
                    assertTrue(close.reason().startsWith("server shutting down; retry after "), close.reason());
                }
            }
            assertEquals(0, server.awaitExit());
        }
    }

    @Test
    void everyAckedMessageSurvivesKill9AndSeqContinues() throws Exception {
        Map<Long, String> acked = new HashMap<>();
        try (ServerProcess server = ServerProcess.start("--data-dir", dataDir.toString(), "--rate", "0");
             TestClient c = TestClient.connect(server.port(), "name=writer")) {
            c.next("joined");
            int sent = 0;
            while (acked.size() < 300) {
                for (int i = 0; i < 20; i++, sent++) {
                    c.send("type", "message", "text", "text-" + sent, "id", "id-" + sent);
                }
                for (int i = 0; i < 20; i++) {
                    JsonNode ack = c.next("ack");
                    acked.put(ack.get("seq").asLong(), "text-" + ack.get("id").asText().substring(3));
                }
            }
            for (int i = 0; i < 50; i++, sent++) {
                c.send("type", "message", "text", "text-" + sent, "id", "id-" + sent); // in flight at the kill
            }
            server.kill();
        }
        try (ServerProcess server = ServerProcess.start("--data-dir", dataDir.toString(), "--rate", "0");
             TestClient c = TestClient.connect(server.port(), "name=reader")) {
            long stored = c.next("joined").get("seq").asLong();
            assertTrue(stored >= 300, "stored max seq " + stored);
            Map<Long, String> found = new HashMap<>();
            Long before = null;
            do {
                if (before == null) {
                    c.send("type", "history", "room", "lobby", "limit", 200);
                } else {
                    c.send("type", "history", "room", "lobby", "limit", 200, "before", before);
                }
                JsonNode page = c.next("history");
                page.get("messages").forEach(m -> found.put(m.get("seq").asLong(), m.get("text").asText()));
                before = page.get("messages").size() == 0 ? 1 : page.at("/messages/0/seq").asLong();
            } while (before > 1);
            acked.forEach((seq, text) -> assertEquals(text, found.get(seq), "acked seq " + seq + " lost or changed"));
            assertEquals(stored, found.size(), "no gaps below the stored max");
            c.sendText("after restart");
            assertEquals(stored + 1, c.next("ack").get("seq").asLong());
        }
    }
}
