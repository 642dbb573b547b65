package chat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpDocumentsEveryOptionWithDefaults() {
        assertEquals(0, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String opt : new String[] {"--url", "--scenario", "--clients", "--senders", "--rate", "--duration",
            "--warmup", "--size", "--send-json", "--expect-echo", "--ramp", "--source-addresses", "--rooms",
            "--room-size", "--slow", "--find-max", "--step", "--p99-bound-ms", "--threads", "--transport",
            "--name-prefix", "--server-pid", "--json", "--html"}) {
            assertTrue(help.contains(opt), opt);
        }
        assertTrue(help.contains("Default: 100"), help);
    }

    @Test
    void exitsWithTwoAndAClearMessageOnBadOptions() {
        assertEquals(2, run("--clients", "many"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--clients"));
        err.reset();
        assertEquals(2, run("--senders", "500"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("senders: 500 (expected: 1-100)"));
        assertEquals(2, run("--no-such-option"));
        assertEquals(2, run("--scenario", "party"));
    }

    @Test
    void exitsWithOneWhenNoConnectionCanBeOpened() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        assertEquals(1, run("--url", "ws://127.0.0.1:" + port + "/ws", "--clients", "3", "--senders", "1",
                "--duration", "1", "--warmup", "0", "--quiet"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("connection refused"),
                err.toString(StandardCharsets.UTF_8));
    }
}
