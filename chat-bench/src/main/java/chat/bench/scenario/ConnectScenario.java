package chat.bench.scenario;

import chat.bench.BenchException;
import chat.bench.BenchOptions;
import chat.bench.BenchResult;
import chat.bench.stats.ConnectResult;
import chat.bench.stats.MemoryReport;
import chat.bench.sys.ProcReader;
import chat.bench.sys.ProcessSample;
import chat.bench.sys.SockStat;
import java.io.PrintStream;
import java.util.List;

/**
 * Opens N connections at the ramp rate, holds them for --duration seconds, and reports connect times,
 * failures by cause, server RSS per connection (with --server-pid) and kernel TCP memory.
 */
final class ConnectScenario {
    private final BenchOptions o;

    ConnectScenario(BenchOptions o) {
        this.o = o;
    }

    BenchResult run(PrintStream progressOut) throws BenchException {
        Topology topology = Topology.oneRoom(o.clients(), 0, 0, o.room());
        try (Session s = new Session(o, topology, progressOut)) {
            SockStat sock0 = ProcReader.sockStat();
            ProcessSample rss0 = sample();
            ConnectResult connect = s.connect();
            s.requireConnected(connect, 1);
            s.progress.phase("hold", null);
            Session.sleep(o.duration());
            ProcessSample rss1 = sample();
            SockStat sock1 = ProcReader.sockStat();
            int open = s.stats.open();
            MemoryReport memory = new MemoryReport(rss0 == null ? null : rss0.rssKb(),
                    rss1 == null ? null : rss1.rssKb(),
                    rss0 == null || rss1 == null ? null : perConnection(rss1.rssKb() - rss0.rssKb(), open),
                    sock0, sock1,
                    sock0 == null || sock1 == null ? null : perConnection(sock1.memKb() - sock0.memKb(), open),
                    o.duration(), open);
            if (o.serverPid() > 0 && rss0 == null) {
                s.notes.add("could not read /proc/" + o.serverPid() + "/status for the server RSS");
            }
            return s.result(connect, memory, List.of(), null, null);
        }
    }

    private ProcessSample sample() {
        return o.serverPid() > 0 ? ProcReader.sample(o.serverPid()) : null;
    }

    private static Double perConnection(long kb, int open) {
        return open == 0 ? null : Math.round(kb * 100.0 / open) / 100.0;
    }
}
