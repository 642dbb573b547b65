package chat.server.cli;

import chat.server.ServerConfig;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cl = ServerCommand.commandLine(env);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private ServerCommand parse(Map<String, String> env, String... args) {
        CommandLine cl = ServerCommand.commandLine(env);
        cl.parseArgs(args);
        return cl.getCommand();
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        assertEquals(0, run(Map.of(), "--help"));
        String help = out.toString();
        for (String option : new String[]{"--host", "--port", "--transport", "--threads", "--max-frame-bytes",
                "--max-text-length", "--ping-interval", "--idle-timeout", "--outbound-high-water", "--outbound-limit",
                "--rate", "--rate-burst", "--rate-abuse-limit", "--recent-messages", "--drain-seconds", "--version",
                "--max-rooms-per-connection", "--store", "--db", "--data-dir", "--store-queue", "--store-batch",
                "--store-max-wait", "--max-replay", "--joined-history", "--retain-days", "--retain-messages",
                "--flush-interval", "--allowed-origins", "--max-connections", "--max-connections-per-ip",
                "--trusted-proxies", "--proxy-protocol", "--handshake-timeout", "--auth", "--jwt-secret", "--jwt-public-key",
                "--jwt-clock-skew", "--session-ttl", "--private-room-prefix", "--metrics", "--metrics-port", "--metrics-host", "--tls-cert", "--tls-key", "--log-level", "--log-format"}) {
            assertTrue(help.contains(option), option + " missing from --help");
        }
        assertTrue(help.contains("Default: 8080"));
        assertTrue(help.contains("Default: 64KiB"));
        assertTrue(help.contains("CHAT_PORT"));
    }

    @Test
    void unknownOptionIsAUsageErrorWithExit2() {
        assertEquals(2, run(Map.of(), "--prot", "8080"));
        assertTrue(err.toString().contains("--prot"), err.toString());
    }

    @Test
    void badValuesAreUsageErrorsWithExit2() {
        assertEquals(2, run(Map.of(), "--port", "eighty"));
        assertEquals(2, run(Map.of(), "--port", "65536"));
        assertEquals(2, run(Map.of(), "--transport", "carrier-pigeon"));
        assertEquals(2, run(Map.of(), "--ping-interval", "soon"));
        assertEquals(2, run(Map.of(), "--ping-interval", "60s", "--idle-timeout", "30s"));
        assertEquals(2, run(Map.of(), "--outbound-limit", "1KiB"));
        assertEquals(2, run(Map.of("CHAT_PORT", "nope")));
        assertEquals(2, run(Map.of(), "--store", "mongodb"));
        assertEquals(2, run(Map.of(), "--db", "jdbc:mysql://localhost/chat"));
        assertEquals(2, run(Map.of(), "--store", "postgres"));
        assertEquals(2, run(Map.of(), "--retain-days", "-1"));
        assertEquals(2, run(Map.of(), "--flush-interval", "2s"));
        assertEquals(2, run(Map.of(), "--trusted-proxies", "proxy.example.com"));
        assertEquals(2, run(Map.of(), "--max-connections", "-1"));
        assertEquals(2, run(Map.of(), "--tls-cert", "cert.pem"), "a certificate without its key");
        assertEquals(2, run(Map.of(), "--log-format", "xml"));
        assertEquals(2, run(Map.of(), "--log-level", "loud"));
        assertTrue(err.toString().contains("port"), err.toString());
    }

    @Test
    void portInUseExitsWith1AndSaysSo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = run(Map.of(), "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(1, code);
            assertTrue(err.toString().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), err.toString());
        }
    }

    @Test
    void metricsPortInUseExitsWith1AndNamesTheMetricsPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = run(Map.of(), "--host", "127.0.0.1", "--port", "0", "--store", "none",
                    "--metrics-port", String.valueOf(taken.getLocalPort()));
            assertEquals(1, code);
            assertTrue(err.toString().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " for --metrics-port"),
                    err.toString());
        }
    }

    @Test
    void environmentProvidesDefaultsAndFlagsWin() {
        ServerCommand fromEnv = parse(Map.of("CHAT_PORT", "9001", "CHAT_MAX_FRAME_BYTES", "32KiB", "CHAT_PING_INTERVAL", "500ms"));
        assertEquals(9001, fromEnv.port);
        assertEquals(32 * 1024, fromEnv.maxFrameBytes);
        assertEquals(Duration.ofMillis(500), fromEnv.pingInterval);
        ServerCommand flagWins = parse(Map.of("CHAT_PORT", "9001"), "--port", "9002");
        assertEquals(9002, flagWins.port);
    }

    @Test
    void configFileIsBelowTheEnvironmentWhichIsBelowFlags(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("chat.properties");
        java.nio.file.Files.writeString(file, "port=7000\nmax-frame-bytes=32KiB\ndrain-seconds=3s\n");
        String[] args = {"--config", file.toString()};
        java.util.Properties props = ConfigFile.load(args, Map.of());
        CommandLine cl = ServerCommand.commandLine(Map.of("CHAT_PORT", "7001"), props);
        cl.parseArgs(args);
        ServerCommand fromFileAndEnv = cl.getCommand();
        assertEquals(7001, fromFileAndEnv.port, "the environment wins over the file");
        assertEquals(32 * 1024, fromFileAndEnv.maxFrameBytes, "the file wins over the default");
        assertEquals(Duration.ofSeconds(3), fromFileAndEnv.drain);
        CommandLine withFlag = ServerCommand.commandLine(Map.of("CHAT_PORT", "7001"), props);
        withFlag.parseArgs("--config", file.toString(), "--port", "7002");
        assertEquals(7002, ((ServerCommand) withFlag.getCommand()).port, "flags win over everything");
        assertEquals(props, ConfigFile.load(new String[0], Map.of("CHAT_CONFIG", file.toString())), "CHAT_CONFIG names it too");
    }

    @Test
    void printConfigShowsEffectiveValuesWithSecretsMaskedAndExits() {
        assertEquals(0, run(Map.of(), "--print-config", "--port", "9001", "--auth", "jwt",
                "--jwt-secret", "a-very-secret-secret-of-32-bytes!!"));
        String printed = out.toString();
        assertTrue(printed.contains("port = 9001"), printed);
        assertTrue(printed.contains("jwt-secret = ****"), printed);
        assertTrue(!printed.contains("a-very-secret"), "the secret itself never appears");
        assertEquals(2, run(Map.of(), "--config", "/nonexistent/chat.properties"));
    }

    @Test
    void metricsPortIsOptionalBoundedAndFollowsThePrecedence(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ServerConfig defaults = parse(Map.of()).toConfig();
        assertEquals(ServerConfig.METRICS_ON_MAIN_PORT, defaults.metricsPort(), "default: /metrics on the main port");
        assertEquals(defaults.host(), defaults.metricsHost());
        assertEquals(0, parse(Map.of(), "--metrics-port", "0").toConfig().metricsPort(), "0: a free port");
        assertEquals(65535, parse(Map.of(), "--metrics-port", "65535").toConfig().metricsPort());
        assertEquals(1, parse(Map.of(), "--metrics-port", "1").toConfig().metricsPort());
        assertEquals("127.0.0.1", parse(Map.of(), "--host", "0.0.0.0", "--metrics-port", "9100", "--metrics-host", "127.0.0.1")
                .toConfig().metricsHost());
        assertEquals("10.0.0.5", parse(Map.of(), "--host", "10.0.0.5", "--metrics-port", "9100").toConfig().metricsHost(),
                "the metrics host defaults to --host");
        assertEquals(2, run(Map.of(), "--metrics-port", "-1"));
        assertEquals(2, run(Map.of(), "--metrics-port", "65536"));
        assertEquals(2, run(Map.of("CHAT_METRICS_PORT", "70000")));
        assertEquals(2, run(Map.of(), "--metrics-port", "nine"));
        assertEquals(2, run(Map.of(), "--metrics-host", "127.0.0.1"), "a host without a port");
        assertEquals(2, run(Map.of(), "--metrics", "false", "--metrics-port", "9100"), "a port for metrics that are off");
        assertEquals(2, run(Map.of(), "--port", "9100", "--metrics-port", "9100"), "the main port itself");
        assertTrue(err.toString().contains("metrics-port"), err.toString());

        java.nio.file.Path file = dir.resolve("chat.properties");
        java.nio.file.Files.writeString(file, "metrics-port=9100\nmetrics-host=127.0.0.2\n");
        String[] args = {"--config", file.toString()};
        java.util.Properties props = ConfigFile.load(args, Map.of());
        CommandLine fromFile = ServerCommand.commandLine(Map.of(), props);
        fromFile.parseArgs(args);
        assertEquals(9100, ((ServerCommand) fromFile.getCommand()).toConfig().metricsPort(), "the file sets it");
        assertEquals("127.0.0.2", ((ServerCommand) fromFile.getCommand()).toConfig().metricsHost());
        CommandLine fromEnv = ServerCommand.commandLine(Map.of("CHAT_METRICS_PORT", "9101"), props);
        fromEnv.parseArgs(args);
        assertEquals(9101, ((ServerCommand) fromEnv.getCommand()).toConfig().metricsPort(), "the environment wins over the file");
        CommandLine fromFlag = ServerCommand.commandLine(Map.of("CHAT_METRICS_PORT", "9101"), props);
        fromFlag.parseArgs("--config", file.toString(), "--metrics-port", "9102");
        assertEquals(9102, ((ServerCommand) fromFlag.getCommand()).toConfig().metricsPort(), "flags win over everything");
    }

    @Test
    void sizesAndDurationsAcceptUnits() {
        Converters.SizeConverter size = new Converters.SizeConverter();
        assertEquals(65536L, size.convert("65536"));
        assertEquals(65536L, size.convert("64KiB"));
        assertEquals(1048576L, size.convert("1m"));
        assertThrows(CommandLine.TypeConversionException.class, () -> size.convert("-1"));
        Converters.DurationConverter duration = new Converters.DurationConverter();
        assertEquals(Duration.ofSeconds(25), duration.convert("25"));
        assertEquals(Duration.ofMillis(250), duration.convert("250ms"));
        assertEquals(Duration.ofMinutes(2), duration.convert("2m"));
    }
}
