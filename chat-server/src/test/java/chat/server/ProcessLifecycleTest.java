package chat.server;

import chat.server.testing.TestClient;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server as users run it: a separate JVM, stopped with SIGTERM. */
class ProcessLifecycleTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(transport (\\w+)");

    @Test
    void sigtermDrainsClientsWith1001AndExitsZero() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "chat.server.Main",
                "--host", "127.0.0.1", "--port", "0", "--drain-seconds", "200ms")
                .redirectErrorStream(true).start();
        try {
            CompletableFuture<Matcher> started = new CompletableFuture<>();
            StringBuilder log = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (log) {
                            log.append(line).append('\n');
                        }
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            started.complete(m);
                        }
                    }
                } catch (Exception e) {
                    started.completeExceptionally(e);
                }
            });
            reader.setDaemon(true);
            reader.start();
            Matcher m = started.get(30, TimeUnit.SECONDS);
            assertTrue(m.group(2).equals("epoll") || m.group(2).equals("nio"));
            int port = Integer.parseInt(m.group(1));
            try (TestClient a = TestClient.connect(port, "name=a"); TestClient b = TestClient.connect(port, "name=b")) {
                a.next("joined");
                b.next("joined");
                p.destroy(); // SIGTERM
                for (TestClient c : new TestClient[]{a, b}) {
                    TestClient.Close close = c.awaitClose();
                    assertEquals(1001, close.code());
                    assertTrue(close.reason().startsWith("server shutting down; retry after "), close.reason());
                }
            }
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "server did not exit");
            assertEquals(0, p.exitValue(), () -> "exit code; log:\n" + log);
        } finally {
            p.destroyForcibly();
        }
    }
}
