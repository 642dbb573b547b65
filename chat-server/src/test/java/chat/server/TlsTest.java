package chat.server;

import chat.server.testing.ServerTestSupport;
import chat.server.testing.TestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS on the listener: wss:// works with the configured certificate; plain ws:// does not. */
class TlsTest extends ServerTestSupport {
    @TempDir
    Path dir;
    private Path cert;
    private Path key;

    @BeforeEach
    void selfSignedCertificate() throws Exception {
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost")
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0, () -> "openssl failed: " + output);
    }

    @Test
    void wssChatsAndPlainWsIsRefused() throws Exception {
        start(ServerConfig.builder().store("none").tls(cert, key));
        TestClient secure = TestClient.connect(URI.create("wss://127.0.0.1:" + server.port() + "/ws?name=sec"), 1 << 16);
        assertEquals("sec", secure.next("welcome").get("name").asText());
        secure.send("type", "ping", "id", "t");
        assertEquals("t", secure.next("pong").get("id").asText());
        secure.close();
        assertThrows(Exception.class, () -> TestClient.connect(server.port(), "name=plain").close());
    }

    @Test
    void aKeyThatIsNotPemIsAClearStartupError() throws Exception {
        java.nio.file.Files.writeString(key, "not a key");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> start(ServerConfig.builder().store("none").tls(cert, key)));
        assertTrue(e.getMessage().startsWith("tls-cert/tls-key: cannot use"), e.getMessage());
    }
}
