package chat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.bench.stats.PhaseResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import chat.bench.stats.SlowReport;
import chat.bench.testserver.TestBroadcastServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs against a real (in-test) WebSocket server over loopback: exact counts, not timings. */
class BenchSmokeTest {
    private static BenchOptions.Builder quick(TestBroadcastServer server) {
        return BenchOptions.builder().url(server.url()).clients(6).senders(2).rate(40).warmup(0.5).duration(1.5)
                .drain(2).threads(2).warmupHandshakes(20).progress(false);
    }

    private static void assertExact(PhaseResult p, long sent, int recipients) {
        assertEquals(sent * recipients, p.expected(), "expected = sent x recipients");
        assertEquals(p.expected(), p.delivered());
        assertEquals(0, p.lost());
        assertEquals(0, p.duplicates());
        assertEquals(0, p.outOfOrder());
        assertEquals(0, p.wrongRoom());
        assertEquals(0, p.echoes());
        assertEquals(0, p.notSent());
        assertEquals(sent, p.broadcastsComplete());
        assertTrue(p.exact());
    }

    @Test
    void broadcastDeliversEveryMessageToEveryOtherClientExactlyOnce() throws Exception {
        try (TestBroadcastServer server = TestBroadcastServer.start(false, false)) {
            BenchResult r = Bench.run(quick(server).build());
            assertEquals(6, r.connect().connected());
            PhaseResult p = r.headline();
            assertEquals(60, p.sent(), "40 msg/s for 1.5 s");
            assertExact(p, 60, 5);
            assertEquals(300, p.latency().count());
            assertEquals(6L, r.otherFrames().get("welcome"));
            assertTrue(r.disconnects().isEmpty());
        }
    }

    @Test
    void findsMarkersInsideJsonEnvelopesAndSendsJsonWhenAsked() throws Exception {
        try (TestBroadcastServer server = TestBroadcastServer.start(false, true)) {
            BenchResult r = Bench.run(quick(server).sendJson(true).size(150).build());
            assertExact(r.headline(), 60, 5);
        }
    }

    @Test
    void roomsKeepsTrafficInsideEachRoom() throws Exception {
        try (TestBroadcastServer server = TestBroadcastServer.start(true, false)) {
            BenchResult r = Bench.run(quick(server).scenario(Scenario.ROOMS).clients(9).rooms(3).senders(3).build());
            PhaseResult p = r.headline();
            assertExact(p, 60, 2);
            assertEquals(3, p.rooms().size());
            p.rooms().forEach(room -> assertEquals(0, room.wrongRoom() + room.lost()));
        }
    }

    @Test
    void roomsCountsDeliveriesIntoTheWrongRoomAsErrors() throws Exception {
        try (TestBroadcastServer server = TestBroadcastServer.start(false, false)) { // ignores ?room=
            BenchResult r = Bench.run(quick(server).scenario(Scenario.ROOMS).clients(6).rooms(2).senders(2).build());
            PhaseResult p = r.headline();
            assertEquals(p.expected(), p.delivered());
            assertEquals(p.sent() * 3, p.wrongRoom(), "each message reached the 3 members of the other room");
        }
    }

    @Test
    void slowClientsThatStopReadingAreReportedWithoutHurtingCounts() throws Exception {
        try (TestBroadcastServer server = TestBroadcastServer.start(false, false)) {
            BenchResult r = Bench.run(quick(server).scenario(Scenario.SLOW).slow(2).build());
            assertEquals(2, r.phases().size());
            assertExact(r.phases().get(0), 60, 5);
            assertExact(r.phases().get(1), 60, 5);
            SlowReport s = r.slow();
            assertNotNull(s);
            assertEquals(2, s.slowConnected());
            assertEquals(2L, s.outcomes().get("still open"), "the test server never drops anyone");
            assertTrue(s.markersReadAfterResume() > 0, "they read what queued up once resumed");
        }
    }

    @Test
    void connectOpensHoldsAndReportsConnectTimes() throws Exception {
        try (TestBroadcastServer server = TestBroadcastServer.start(false, false)) {
            BenchResult r = Bench.run(BenchOptions.builder().url(server.url()).scenario(Scenario.CONNECT).clients(50)
                    .ramp(500).duration(0.5).warmupHandshakes(0).serverPid(ProcessHandle.current().pid()).progress(false).build());
            assertEquals(50, r.connect().connected());
            assertEquals(0, r.connect().failed());
            assertEquals(50, r.connect().connectTime().count());
            assertEquals(50, r.memory().openAfterHold());
            assertNotNull(r.memory().serverRssAfterKb());
            assertNotNull(r.memory().sockStatAfter());
            assertNull(r.headline());
        }
    }

    @Test
    void findMaxStepsTheRateUntilTheBound() throws Exception {
        try (TestBroadcastServer server = TestBroadcastServer.start(false, false)) {
            BenchResult r = Bench.run(quick(server).findMax(true).rate(20).step(2).maxSteps(2).warmup(0.2)
                    .duration(0.8).build());
            assertEquals(2, r.findMax().steps().size());
            assertEquals(40.0, r.findMax().steps().get(1).rate(), 1e-9);
            assertTrue(r.findMax().steps().get(0).passed(), r.findMax().steps().get(0).verdict());
            assertEquals(2, r.phases().size());
        }
    }

    @Test
    void commandLineWritesTextJsonAndHtmlReports(@TempDir Path dir) throws Exception {
        try (TestBroadcastServer server = TestBroadcastServer.start(false, true)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"--url", server.url(), "--clients", "4", "--senders", "2", "--rate", "20",
                "--warmup", "0.3", "--duration", "1.2", "--threads", "1", "--json", dir.resolve("r.json").toString(),
                "--html", dir.resolve("r.html").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("lost                     0"), text);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("broadcast/measure"), "progress lines on stderr");
            JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
            JsonNode phase = json.get("phases").get(0);
            assertEquals(phase.get("expected").asLong(), phase.get("delivered").asLong());
            assertEquals(24 * 3, phase.get("expected").asLong());
            assertTrue(json.get("environment").get("cores").asInt() >= 1);
            assertEquals(4, json.get("options").get("clients").asInt());
            String html = Files.readString(dir.resolve("r.html"));
            assertTrue(html.contains("<svg") && html.contains("percentile") && !html.contains("http://cdn"));
        }
    }
}
