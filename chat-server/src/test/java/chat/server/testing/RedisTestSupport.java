package chat.server.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Where the cluster tests find Redis: {@code CHAT_TEST_REDIS_URL}, else {@code redis://127.0.0.1:6379}. When it
 * cannot be reached the tests are skipped loudly — or fail when {@code CI=true}. Also starts private
 * {@code redis-server} processes for tests that stop and restart Redis.
 */
public final class RedisTestSupport {
    static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    private RedisTestSupport() {
    }

    public static String url() {
        String env = System.getenv("CHAT_TEST_REDIS_URL");
        return env == null || env.isBlank() ? DEFAULT_URL : env.trim();
    }

    /** Skips (or, with CI=true, fails) the calling test when Redis cannot be reached. */
    public static void requireReachable() {
        String problem = null;
        RedisURI uri = RedisURI.create(url());
        uri.setTimeout(Duration.ofSeconds(3));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().ping();
        } catch (RuntimeException e) {
            problem = e.getMessage();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
        if (problem != null) {
            notRun("cannot reach Redis at " + url() + " (" + problem + "). Start Redis or set CHAT_TEST_REDIS_URL.");
        }
    }

    /** Skips loudly, or fails under CI=true. */
    public static void notRun(String why) {
        String msg = "cluster tests NOT RUN: " + why;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(msg + " Failing because CI=true.");
        }
        System.err.println("!!! " + msg);
        Assumptions.abort(msg);
    }

    /** Deletes every key of cluster {@code name} (nodes killed in a test leave theirs behind). */
    public static void deleteKeys(String redisUrl, String name) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> keys = c.sync().keys(name + ":*");
            if (!keys.isEmpty()) {
                c.sync().del(keys.toArray(new String[0]));
            }
        } catch (RuntimeException e) {
            System.err.println("could not clean up Redis keys of " + name + ": " + e);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A private {@code redis-server} on loopback, keeping nothing on disk; stopped by its PID. */
    public static final class PrivateRedis implements AutoCloseable {
        private final int port;
        private Process process;

        private PrivateRedis(int port) {
            this.port = port;
        }

        /** Starts one on a free port (skips, or fails under CI, when redis-server is not installed). */
        public static PrivateRedis start() throws Exception {
            if (!Files.isExecutable(Path.of("/usr/bin/redis-server"))) {
                notRun("redis-server is not installed (apt-get install redis-server)");
            }
            PrivateRedis r = new PrivateRedis(freePort());
            r.restart();
            return r;
        }

        public int port() {
            return port;
        }

        public String url() {
            return "redis://127.0.0.1:" + port;
        }

        /** Starts the server again on the same port (empty: it keeps nothing on disk) and waits until it answers. */
        public void restart() throws Exception {
            process = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", System.getProperty("java.io.tmpdir"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("redis-server did not start on port " + port);
                    }
                    Thread.sleep(50);
                }
            }
        }

        /** Stops the server (SIGKILL by PID). */
        public void stop() throws InterruptedException {
            if (process != null) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                process = null;
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
