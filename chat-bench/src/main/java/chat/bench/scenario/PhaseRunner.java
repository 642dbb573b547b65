package chat.bench.scenario;

import chat.bench.client.BenchClient;
import chat.bench.stats.BenchClock;
import chat.bench.stats.Measurement;
import chat.bench.stats.PhaseResult;
import chat.bench.stats.ServerUsage;
import chat.bench.sys.ProcReader;
import chat.bench.sys.ProcessSample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one measured window over the connected clients: warm-up (traffic flows, not counted), the window,
 * then a drain (wait, at most --drain seconds, for the counted messages still in flight). Samples the
 * server's and the bench's CPU at the window edges. Always returns within warm-up + duration + drain + ~10 s.
 */
final class PhaseRunner {
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Session s;

    PhaseRunner(Session s) {
        this.s = s;
    }

    /** Runs a window at {@code rate} msg/s (aggregate) and returns its figures. */
    PhaseResult run(String label, double rate, double warmup, double duration) {
        int[] recipients = s.topology.recipients(s.options.expectEcho());
        long start = BenchClock.now() + START_DELAY_NANOS;
        long windowStart = start + (long) (warmup * 1e9);
        long windowEnd = windowStart + (long) (duration * 1e9);
        int senders = s.topology.senders();
        long inFlight = (long) Math.ceil(rate / senders * (s.options.drain() + 2));
        Measurement m = new Measurement(windowStart, windowEnd, s.loops.size(), senders, s.topology.rooms(), inFlight);
        s.recorder.measure(m);
        s.progress.phase(label, m);
        SendSchedule schedule = new SendSchedule(start, windowStart, windowEnd, senders, rate);
        CountDownLatch done = startPacers(label, schedule, m, recipients);

        sleepUntil(windowStart);
        ProcessSample server0 = serverSample();
        ProcessSample self0 = ProcReader.self();
        sleepUntil(windowEnd);
        ProcessSample server1 = serverSample();
        ProcessSample self1 = ProcReader.self();
        awaitQuietly(done, 5);
        drain(m, recipients);
        m.close();
        s.loops.barrier(5, TimeUnit.SECONDS);
        ServerUsage server = serverUsage(server0, server1, m.deliveredSoFar());
        return PhaseResult.from(m, label, rate, recipients, s.topology.roomNames(), server, cpu(self0, self1));
    }

    private CountDownLatch startPacers(String label, SendSchedule schedule, Measurement m, int[] recipients) {
        List<List<BenchClient>> byLoop = new ArrayList<>();
        for (int i = 0; i < s.loops.size(); i++) {
            byLoop.add(new ArrayList<>());
        }
        int idle = 0;
        for (int id = 0; id < s.topology.senders(); id++) {
            BenchClient c = s.clients.get(s.topology.senderClient(id));
            if (c.state() == BenchClient.State.OPEN) {
                byLoop.get(c.loop()).add(c);
            } else {
                idle++;
            }
        }
        if (idle > 0) {
            s.notes.add(idle + " sender(s) not connected in phase " + label + ": the sent rate is lower than --rate");
        }
        CountDownLatch done = new CountDownLatch((int) byLoop.stream().filter(l -> !l.isEmpty()).count());
        for (int i = 0; i < byLoop.size(); i++) {
            if (!byLoop.get(i).isEmpty()) {
                new SendPacer(s.loops.loop(i), i, byLoop.get(i), schedule, m, s.payload, s.topology, recipients,
                        s.liveSent, done).start();
            }
        }
        return done;
    }

    /** Waits until every counted message reached its recipients, or --drain seconds without completion. */
    private void drain(Measurement m, int[] recipients) {
        long deadline = System.nanoTime() + (long) (s.options.drain() * 1e9);
        while (System.nanoTime() < deadline) {
            long expected = 0;
            for (int r = 0; r < recipients.length; r++) {
                expected += m.sentInRoom(r) * recipients[r];
            }
            if (m.deliveredSoFar() >= expected) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private ProcessSample serverSample() {
        return s.options.serverPid() > 0 ? ProcReader.sampleAll(s.options.serverPid(), s.options.moreServerPids()) : null;
    }

    private ServerUsage serverUsage(ProcessSample before, ProcessSample after, long delivered) {
        if (before == null || after == null) {
            if (s.options.serverPid() > 0) {
                s.notes.add("could not read /proc/" + s.options.serverPid() + " for server CPU/RSS");
            }
            return null;
        }
        double cpu = after.cpuSeconds() - before.cpuSeconds();
        double perThousand = delivered == 0 ? 0 : cpu * 1e6 / delivered;
        return new ServerUsage(s.options.serverPid(), round(cpu), round(perThousand), before.rssKb(), after.rssKb());
    }

    private static double cpu(ProcessSample before, ProcessSample after) {
        return before == null || after == null ? 0 : after.cpuSeconds() - before.cpuSeconds();
    }

    private static void sleepUntil(long benchNanos) {
        long left;
        while ((left = benchNanos - BenchClock.now()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static void awaitQuietly(CountDownLatch latch, long seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
