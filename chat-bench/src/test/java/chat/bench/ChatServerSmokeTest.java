package chat.bench;

import chat.bench.stats.PhaseResult;
import chat.server.ChatServer;
import chat.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A few seconds of load against the real chat server: exact counts, no loss — not timings. */
class ChatServerSmokeTest {
    private ChatServer server;

    @BeforeEach
    void start() throws Exception {
        server = ChatServer.start(ServerConfig.builder().host("127.0.0.1").port(0).store("none").rate(0).build());
    }

    @AfterEach
    void stop() {
        server.close(Duration.ZERO);
    }

    private BenchOptions.Builder options() {
        return BenchOptions.builder().url("ws://127.0.0.1:" + server.port() + "/ws")
                .warmup(0.5).duration(2).drain(2).warmupHandshakes(20).progress(false);
    }

    @Test
    void broadcastDeliversEverythingExactlyOnceInOrder() throws Exception {
        PhaseResult p = Bench.run(options().clients(8).senders(3).rate(60).build()).headline();
        assertEquals(p.sent() * 7, p.expected());
        assertEquals(p.expected(), p.delivered());
        assertEquals(0, p.lost());
        assertEquals(0, p.duplicates());
        assertEquals(0, p.outOfOrder());
        assertEquals(0, p.echoes(), "the server never echoes to the sender");
    }

    @Test
    void jsonMessagesAreCountedTheSame() throws Exception {
        PhaseResult p = Bench.run(options().clients(5).senders(2).rate(40).sendJson(true).build()).headline();
        assertEquals(p.expected(), p.delivered());
        assertEquals(0, p.lost());
    }

    @Test
    void roomsKeepTrafficApart() throws Exception {
        PhaseResult p = Bench.run(options().scenario(Scenario.ROOMS).rooms(3).clients(9).senders(3).rate(60).build())
                .headline();
        assertEquals(p.expected(), p.delivered());
        assertEquals(0, p.wrongRoom());
        assertEquals(0, p.lost());
    }
}
