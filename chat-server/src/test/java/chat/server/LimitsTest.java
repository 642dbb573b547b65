package chat.server;

import chat.server.hub.Session;
import chat.server.testing.ServerTestSupport;
import chat.server.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bound of the core server, end to end: outbound cap, idle timeout, frame size, rate, drain. */
class LimitsTest extends ServerTestSupport {

    private Channel serverChannelOf(String name) {
        for (Channel ch : server.hub().sessions()) {
            Session s = Session.of(ch);
            if (s != null && s.name().equals(name)) {
                return ch;
            }
        }
        throw new AssertionError("no session " + name);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void slowConsumerIsClosedWith1013WithinItsCapWhileOthersKeepReceiving() throws Exception {
        long limit = 64 * 1024;
        start(ServerConfig.builder().store("none").rate(0).outboundHighWater(16 * 1024).outboundLimit(limit));
        TestClient slow = join("slow");
        TestClient fast = join("fast");
        TestClient sender = join("sender");
        slow.setReading(false);
        Channel slowOnServer = serverChannelOf("slow");
        AtomicLong maxPending = new AtomicLong();
        Runnable sample = () -> maxPending.accumulateAndGet(Session.of(slowOnServer).pendingBytes(), Math::max);

        int messages = 3000;
        String text = "x".repeat(2000);
        for (int i = 0; i < messages; i++) {
            sender.send("type", "message", "text", text);
            if (i % 20 == 0 && slowOnServer.isActive()) {
                slowOnServer.eventLoop().submit(sample).await(1, TimeUnit.SECONDS);
            }
        }
        for (int i = 0; i < messages; i++) {
            fast.next("message");
        }
        await("slow consumer close", () -> server.stats().slowConsumerCloses.sum() == 1);
        assertTrue(maxPending.get() <= limit, "pending " + maxPending.get() + " exceeded the cap " + limit);
        assertTrue(maxPending.get() > limit / 2, "the test never filled the buffer: " + maxPending.get());
        slow.setReading(true);
        TestClient.Close close = slow.awaitClose();
        assertEquals(1013, close.code());
        assertTrue(close.reason().startsWith("slow consumer; retry after "), close.reason());
        sender.sendText("after");
        assertEquals("after", fast.next(f -> f.path("text").asText().equals("after"), "message").get("text").asText());
    }

    @Test
    void silentClientIsClosedAfterIdleTimeoutWhileAPongingClientStays() throws Exception {
        start(ServerConfig.builder().store("none").pingInterval(Duration.ofMillis(100)).idleTimeout(Duration.ofMillis(400)));
        TestClient alive = join("alive");
        TestClient silent = join("silent");
        silent.setReading(false); // it will not answer pings
        await("idle close", () -> server.hub().sessions().size() == 1);
        Thread.sleep(800); // two idle timeouts: the client answering pings (Netty answers automatically) stays
        assertTrue(alive.isOpen());
        alive.send("type", "ping", "id", "still");
        assertEquals("still", alive.next("pong").get("id").asText());
        assertEquals(1, server.hub().sessions().size());
    }

    @Test
    void frameOverTheLimitClosesWith1009AndOneAtTheLimitPasses() throws Exception {
        int max = 1024;
        start(ServerConfig.builder().store("none").maxFrameBytes(max).maxTextLength(4096));
        TestClient ok = join("ok");
        ok.sendText("y".repeat(max));
        ok.next("ack");
        TestClient big = join("big");
        big.sendText("y".repeat(max + 1));
        assertEquals(1009, big.awaitClose().code());
        assertTrue(ok.isOpen());
    }

    @Test
    void fragmentedMessageOverTheLimitClosesWith1009AndOneAtTheLimitPasses() throws Exception {
        int max = 1024;
        start(ServerConfig.builder().store("none").maxFrameBytes(max).maxTextLength(4096));
        TestClient ok = join("ok");
        ok.sendFragmented("z".repeat(max), 300);
        ok.next("ack");
        TestClient big = join("big");
        big.sendFragmented("z".repeat(max + 1), 300);
        assertEquals(1009, big.awaitClose().code());
    }

    @Test
    void overTheRateGetsRateLimitedAndSustainedAbuseCloses1008() throws Exception {
        start(ServerConfig.builder().store("none").rate(1).rateBurst(5).rateAbuseLimit(10));
        TestClient c = join("eager");
        for (int i = 0; i < 6; i++) {
            c.send("type", "ping", "id", "p" + i);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals("p" + i, c.next(f -> !f.path("type").asText().equals("joined"), "reply").get("id").asText());
        }
        JsonNode limited = c.next("error");
        assertEquals("rate_limited", limited.get("code").asText());
        assertTrue(c.isOpen());
        for (int i = 0; i < 10; i++) {
            c.send("type", "ping");
        }
        assertEquals(1008, c.awaitClose().code());
        assertEquals(1, server.stats().abuseCloses.sum());
    }

    @Test
    void shutdownClosesEveryClientWith1001AndAJitteredRetryHint() throws Exception {
        start(ServerConfig.builder().store("none").drain(Duration.ofMillis(300)));
        List<TestClient> joined = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            joined.add(join("c" + i));
        }
        Thread stopper = new Thread(() -> server.close());
        stopper.start();
        for (TestClient c : joined) {
            TestClient.Close close = c.awaitClose();
            assertEquals(1001, close.code());
            assertTrue(close.reason().matches("server shutting down; retry after \\d+"), close.reason());
        }
        stopper.join(TestClient.TIMEOUT.toMillis());
    }
}
