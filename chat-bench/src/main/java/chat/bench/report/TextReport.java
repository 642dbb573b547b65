package chat.bench.report;

import chat.bench.BenchOptions;
import chat.bench.BenchResult;
import chat.bench.Scenario;
import chat.bench.stats.ConnectResult;
import chat.bench.stats.FindMaxStep;
import chat.bench.stats.LatencySummary;
import chat.bench.stats.MemoryReport;
import chat.bench.stats.PhaseResult;
import chat.bench.stats.RoomResult;
import chat.bench.stats.ServerUsage;
import chat.bench.stats.SlowReport;
import chat.bench.sys.Environment;
import java.util.Locale;
import java.util.Map;

/** The human-readable end-of-run report (stdout). */
public final class TextReport {
    private static final int MAX_ROOM_ROWS = 40;
    private final StringBuilder sb = new StringBuilder();

    private TextReport() {
    }

    /** Returns the report text for {@code r}. */
    public static String render(BenchResult r) {
        TextReport t = new TextReport();
        t.header(r);
        t.connect(r.connect());
        if (r.memory() != null) {
            t.memory(r.memory());
        }
        for (PhaseResult p : r.phases()) {
            t.phase(p);
        }
        if (r.findMax() != null) {
            t.findMax(r);
        }
        if (r.slow() != null) {
            t.slow(r.slow());
        }
        t.footer(r);
        return t.sb.toString();
    }

    private void header(BenchResult r) {
        BenchOptions o = r.options();
        Environment e = r.environment();
        line("chat-bench %s  %s  (%s, %d loops, %d cores, %s)", r.scenario().cliName(), o.url() + (o.moreUrls().isEmpty() ? "" : " +" + o.moreUrls()), e.transport(),
                e.threads(), e.cores(), e.jvm());
        if (r.scenario() == Scenario.CONNECT) {
            line("options: clients %d, ramp %.0f/s, hold %.1f s", o.totalClients(), o.ramp(), o.duration());
        } else {
            line("options: clients %d, senders %d, rate %.1f msg/s, size %d B, payload %s, warm-up %.1f s, "
                            + "duration %.1f s, echo %s", o.totalClients(), o.senders(), o.rate(), o.size(),
                    o.sendJson() ? "json" : "text", o.warmup(), o.duration(), o.expectEcho() ? "expected" : "no");
        }
    }

    private void connect(ConnectResult c) {
        line("");
        line("connections: %d/%d opened in %.2f s (%.0f/s)%s", c.connected(), c.attempted(), c.seconds(),
                c.ratePerSec(), c.sourceAddresses() > 0 ? ", " + c.sourceAddresses() + " source addresses" : "");
        latency("  connect time (TCP + handshake)", c.connectTime());
        causes("  failures", c.failures());
    }

    private void memory(MemoryReport m) {
        line("held %.1f s; open after hold: %d", m.holdSeconds(), m.openAfterHold());
        if (m.serverRssBeforeKb() != null && m.serverRssAfterKb() != null) {
            line("  server RSS: %.1f MiB -> %.1f MiB = %s KiB per connection", m.serverRssBeforeKb() / 1024.0,
                    m.serverRssAfterKb() / 1024.0, m.serverRssPerConnectionKb());
        }
        if (m.sockStatBefore() != null && m.sockStatAfter() != null) {
            line("  kernel TCP memory (system-wide, bench + server sockets): %d KiB -> %d KiB = %s KiB per "
                            + "connection; TCP sockets in use %d -> %d, allocated %d -> %d",
                    m.sockStatBefore().memKb(), m.sockStatAfter().memKb(), m.tcpMemPerConnectionKb(),
                    m.sockStatBefore().inUse(), m.sockStatAfter().inUse(), m.sockStatBefore().alloc(),
                    m.sockStatAfter().alloc());
        }
    }

    private void phase(PhaseResult p) {
        line("");
        line("phase %s: %.1f s window at %.1f msg/s", p.label(), p.windowSeconds(), p.targetRate());
        line("  sent          %12d  (%.1f/s; not sent %d)", p.sent(), p.sentPerSec(), p.notSent());
        line("  expected      %12d", p.expected());
        line("  delivered     %12d  (%.1f deliveries/s)", p.delivered(), p.deliveriesPerSec());
        line("  lost          %12d   duplicates %d   out-of-order %d   late %d   wrong room %d   echoes %d",
                p.lost(), p.duplicates(), p.outOfOrder(), p.late(), p.wrongRoom(), p.echoes());
        latency("  latency (intended send -> receive)", p.latency());
        line("  all delivered (send -> last recipient) ms: p50 %.3f  p99 %.3f  max %.3f  (complete %d, "
                        + "incomplete %d)", p.allDelivered().p50(), p.allDelivered().p99(), p.allDelivered().max(),
                p.broadcastsComplete(), p.broadcastsIncomplete());
        line("  bench: send lag p99 %.3f ms, max %.3f ms; CPU %.2f s", p.sendLag().p99(), p.sendLag().max(),
                p.benchCpuSeconds());
        ServerUsage u = p.server();
        if (u != null) {
            line("  server pid %d: CPU %.3f s = %.3f ms per 1000 deliveries; RSS %.1f -> %.1f MiB", u.pid(),
                    u.cpuSeconds(), u.cpuMsPer1000Deliveries(), u.rssBeforeKb() / 1024.0, u.rssAfterKb() / 1024.0);
        }
        if (!p.rooms().isEmpty()) {
            rooms(p);
        }
    }

    private void rooms(PhaseResult p) {
        long bad = p.rooms().stream().filter(r -> r.lost() > 0 || r.duplicates() > 0 || r.wrongRoom() > 0).count();
        line("  rooms: %d, with errors: %d", p.rooms().size(), bad);
        line("    %-12s %8s %10s %10s %8s %6s %6s", "room", "sent", "expected", "delivered", "lost", "dup", "wrong");
        int shown = 0;
        for (RoomResult r : p.rooms()) {
            boolean err = r.lost() > 0 || r.duplicates() > 0 || r.wrongRoom() > 0;
            if (shown < MAX_ROOM_ROWS && (err || p.rooms().size() <= MAX_ROOM_ROWS)) {
                line("    %-12s %8d %10d %10d %8d %6d %6d", r.room(), r.sent(), r.expected(), r.delivered(),
                        r.lost(), r.duplicates(), r.wrongRoom());
                shown++;
            }
        }
    }

    private void findMax(BenchResult r) {
        line("");
        line("find-max (p99 bound %.1f ms): %s", r.findMax().p99BoundMs(), r.findMax().stopReason());
        line("  %4s %12s %14s %10s %8s  %s", "step", "rate msg/s", "deliveries/s", "p99 ms", "lost", "verdict");
        for (FindMaxStep s : r.findMax().steps()) {
            line("  %4d %12.1f %14.1f %10.3f %8d  %s", s.step(), s.rate(), s.deliveriesPerSec(), s.p99Ms(),
                    s.lost(), s.verdict());
        }
        line("  highest sustained: %.1f deliveries/s at %.1f msg/s", r.findMax().bestDeliveriesPerSec(),
                r.findMax().bestRate());
    }

    private void slow(SlowReport s) {
        line("");
        line("slow clients: %d (connected %d) stopped reading during phase with-slow", s.slowClients(),
                s.slowConnected());
        causes("  outcome after resuming", s.outcomes());
        line("  queued when the window ended: %d B in their receive queues, %d B in the server's send queues",
                s.clientRecvQueueBytes(), s.serverSendQueueBytes());
        line("  marker frames read after resuming: %d", s.markersReadAfterResume());
        line("  other clients' p99: %.3f ms in baseline (slow clients still reading), %.3f ms with them stopped",
                s.baselineP99Ms(), s.withSlowP99Ms());
    }

    private void footer(BenchResult r) {
        line("");
        causes("frames without marker", r.otherFrames());
        causes("disconnects during the run", r.disconnects());
        if (r.malformedMarkers() > 0) {
            line("malformed markers: %d", r.malformedMarkers());
        }
        if (r.foreignMarkers() > 0) {
            line("markers of other runs (replayed history), ignored: %d", r.foreignMarkers());
        }
        for (String n : r.notes()) {
            line("note: %s", n);
        }
    }

    private void latency(String label, LatencySummary l) {
        line("%s ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (n=%d)", label, l.p50(), l.p90(), l.p99(),
                l.p999(), l.max(), l.count());
    }

    private void causes(String label, Map<String, Long> m) {
        if (m.isEmpty()) {
            line("%s: none", label);
            return;
        }
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(" ").append(v));
        line("%s: %s", label, b);
    }

    private void line(String fmt, Object... args) {
        sb.append(String.format(Locale.ROOT, fmt, args)).append('\n');
    }
}
