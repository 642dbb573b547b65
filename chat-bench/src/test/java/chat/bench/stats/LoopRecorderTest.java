package chat.bench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoopRecorderTest {
    @Test
    void computesPercentilesOverAllLoops() {
        LoopRecorder r = new LoopRecorder(2);
        for (int ms = 1; ms <= 1000; ms++) {
            r.record(ms % 2, ms * 1_000_000L);
        }
        LatencySummary s = LatencySummary.of(r.total());
        assertEquals(1000, s.count());
        assertEquals(500, s.p50(), 1.0);
        assertEquals(900, s.p90(), 1.0);
        assertEquals(990, s.p99(), 1.0);
        assertEquals(999, s.p999(), 1.0);
        assertEquals(1000, s.max(), 1.0);
        assertEquals(500.5, s.mean(), 1.0);
        double[] last = s.distribution().get(s.distribution().size() - 1);
        assertEquals(100.0, last[0], 1e-9);
    }

    @Test
    void intervalsAddUpToTheTotal() {
        LoopRecorder r = new LoopRecorder(1);
        r.record(0, 2_000_000);
        Histogram first = r.interval();
        r.record(0, 3_000_000);
        r.record(0, 4_000_000);
        Histogram second = r.interval();
        assertEquals(1, first.getTotalCount());
        assertEquals(2, second.getTotalCount());
        assertEquals(3, r.total().getTotalCount());
    }

    @Test
    void clampsOutOfRangeValues() {
        LoopRecorder r = new LoopRecorder(1);
        r.record(0, -5);
        r.record(0, Long.MAX_VALUE);
        Histogram h = r.total();
        assertEquals(2, h.getTotalCount());
        assertEquals(1, h.getMinValue());
    }

    @Test
    void summarizesNothingAsZeros() {
        LatencySummary s = LatencySummary.of(LoopRecorder.newHistogram());
        assertEquals(0, s.count());
        assertEquals(0, s.p99());
    }
}
