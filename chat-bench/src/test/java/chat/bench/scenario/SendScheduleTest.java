package chat.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendScheduleTest {
    @Test
    void spreadsTheAggregateRateEvenlyAcrossSenders() {
        SendSchedule s = new SendSchedule(0, 0, 1_000_000_000L, 4, 100);
        List<Long> times = new ArrayList<>();
        for (int j = 0; j < 4; j++) {
            for (long k = 0; s.due(s.intended(j, k)); k++) {
                times.add(s.intended(j, k));
            }
        }
        Collections.sort(times);
        assertEquals(100, times.size(), "100 msg/s for 1 s");
        for (int i = 1; i < times.size(); i++) {
            assertEquals(10_000_000L, times.get(i) - times.get(i - 1), 1, "evenly spaced, no bursts");
        }
    }

    @Test
    void givesEachSenderItsShareOfTheRate() {
        SendSchedule s = new SendSchedule(500, 0, 0, 5, 50);
        assertEquals(500, s.intended(0, 0));
        assertEquals(500 + 20_000_000L, s.intended(1, 0));
        assertEquals(500 + 100_000_000L, s.intended(0, 1), "each sender at 10 msg/s");
    }

    @Test
    void stopsAtTheWindowEnd() {
        SendSchedule s = new SendSchedule(0, 10, 100, 1, 1e9);
        assertTrue(s.due(99));
        assertFalse(s.due(100));
    }
}
