package chat.server.metrics;

import chat.server.LatencyRecorder;
import chat.server.ServerStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What metrics add to the hot path per message: one delivery-latency record per shard flush (Micrometer's
 * Prometheus timer with a percentile histogram) and the by-type counters. Run single-threaded and with two
 * threads (two event loops recording into the same timer):
 * {@code java -jar chat-jmh/target/benchmarks.jar MetricsBenchmark -wi 2 -w 1 -i 3 -r 1 -f 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MetricsBenchmark {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LatencyRecorder delivery = ServerMetrics.recorder(ServerMetrics.deliveryTimer(registry));
    private final ServerStats stats = new ServerStats();

    /** Each thread's own sample values (a shared one would add false sharing to what is measured). */
    @State(Scope.Thread)
    public static class Values {
        long next;
    }

    /** One delivery-latency record: 0–20 ms, spread over a few buckets like real flushes. */
    @Benchmark
    public void deliveryLatencyRecord(Values v) {
        delivery.record((++v.next & 15) * 1_250_000L);
    }

    @Benchmark
    @Threads(2)
    public void deliveryLatencyRecordTwoLoops(Values v) {
        delivery.record((++v.next & 15) * 1_250_000L);
    }

    /** One by-type count (a request in or an event out). */
    @Benchmark
    public void countByType() {
        stats.eventsOut.increment("message");
    }
}
