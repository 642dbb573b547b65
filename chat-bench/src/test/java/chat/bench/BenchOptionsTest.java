package chat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void hasTheDocumentedDefaults() {
        BenchOptions o = BenchOptions.builder().build();
        assertEquals(Scenario.BROADCAST, o.scenario());
        assertEquals(100, o.clients());
        assertEquals(10, o.senders());
        assertEquals(100, o.rate());
        assertEquals(10, o.duration());
        assertEquals(2, o.warmup());
        assertEquals(100, o.size());
        assertEquals("b", o.namePrefix());
        assertEquals(0, o.effectiveSourceAddresses());
    }

    @Test
    void rejectsBadValuesWithTheOptionNameAndTheExpectation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.builder().senders(0).build());
        assertEquals("senders: 0 (expected: 1-100)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.builder().url("http://x/ws").build());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.builder().rate(0).build());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.builder().transport("kqueue").build());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.builder().namePrefix("a b").build());
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.builder().scenario(Scenario.ROOMS).clients(20).rooms(4).senders(6).build());
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.builder().scenario(Scenario.ROOMS).findMax(true).build());
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.builder().url("ws://example.com/ws").sourceAddresses(2).build());
    }

    @Test
    void spreadsSourceAddressesAutomaticallyAboveTwentyThousandLoopbackConnections() {
        BenchOptions o = BenchOptions.builder().scenario(Scenario.CONNECT).clients(50_000).build();
        assertEquals(3, o.effectiveSourceAddresses());
        BenchOptions remote = BenchOptions.builder().url("ws://10.0.0.1:8080/ws").scenario(Scenario.CONNECT)
                .clients(50_000).build();
        assertEquals(0, remote.effectiveSourceAddresses());
    }

    @Test
    void derivesTotalClientsPerScenario() {
        assertEquals(12, BenchOptions.builder().scenario(Scenario.ROOMS).clients(13).rooms(3).senders(3).build()
                .totalClients());
        assertEquals(20, BenchOptions.builder().scenario(Scenario.ROOMS).rooms(4).roomSize(5).senders(4).build()
                .totalClients());
        assertEquals(105, BenchOptions.builder().scenario(Scenario.SLOW).slow(5).build().totalClients());
        assertTrue(BenchOptions.builder().build().effectiveThreads() >= 1);
    }

    @Test
    void alsoUrlsSpreadClientsRoundRobinOverTheNodes() {
        BenchOptions o = BenchOptions.builder().url("ws://127.0.0.1:1/ws")
                .moreUrls(java.util.List.of("ws://127.0.0.1:2/ws", "ws://127.0.0.1:3/ws")).build();
        assertEquals(1, o.urlOf(0).getPort());
        assertEquals(2, o.urlOf(1).getPort());
        assertEquals(3, o.urlOf(2).getPort());
        assertEquals(1, o.urlOf(3).getPort());
        assertEquals(1, BenchOptions.builder().build().urlOf(5).getPort() == 8080 ? 1 : 0, "one URL: every client on it");
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.builder().moreUrls(java.util.List.of("http://127.0.0.1:2/ws")).build());
    }

    @Test
    void alsoServerPidsNeedTheFirstNodesPid() {
        assertEquals(java.util.List.of(2L, 3L), BenchOptions.builder().serverPid(1)
                .moreServerPids(java.util.List.of(2L, 3L)).build().moreServerPids());
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.builder().moreServerPids(java.util.List.of(2L)).build());
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.builder().serverPid(1).moreServerPids(java.util.List.of(0L)).build());
    }
}
