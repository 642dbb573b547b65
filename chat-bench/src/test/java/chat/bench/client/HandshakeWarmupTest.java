package chat.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HandshakeWarmupTest {
    @Test
    void completesInMemoryHandshakesWithTheBenchPipeline() {
        assertEquals(5, HandshakeWarmup.run(5));
    }
}
