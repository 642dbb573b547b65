package chat.server.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server in its own JVM, as users run it: started with arguments, its log captured, stopped by PID. */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(transport (\\w+)");

    private final Process process;
    private final StringBuilder log;
    private final int port;
    private final String transport;

    private ServerProcess(Process process, Matcher started, StringBuilder log) {
        this.process = process;
        this.log = log;
        this.port = Integer.parseInt(started.group(1));
        this.transport = started.group(2);
    }

    /** Starts {@code chat.server.Main --host 127.0.0.1 --port 0 args…} and waits for its startup line. */
    public static ServerProcess start(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "chat.server.Main", "--host", "127.0.0.1", "--port", "0"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
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
                started.completeExceptionally(new IllegalStateException("server exited before listening:\n" + log));
            } catch (Exception e) {
                started.completeExceptionally(e);
            }
        }, "server-log");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(p, started.get(60, TimeUnit.SECONDS), log);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** Returns what the server printed so far. */
    public String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    public int port() {
        return port;
    }

    public String transport() {
        return transport;
    }

    /** SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hook, no drain, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits for the process to exit and returns its exit code, or -1 on timeout. */
    public int awaitExit() throws InterruptedException {
        return process.waitFor(20, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
