package chat.bench.sys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads /proc for a process or the system; every method returns null / empty when /proc is unavailable. */
public final class ProcReader {
    private static final long DEFAULT_CLK_TCK = 100;
    private static volatile long clockTicks;

    private ProcReader() {
    }

    /** Returns CPU seconds and RSS of {@code pid}, or null when the process cannot be read. */
    public static ProcessSample sample(long pid) {
        try {
            long ticks = ProcParser.cpuTicks(read(Path.of("/proc", Long.toString(pid), "stat")));
            long rss = ProcParser.rssKb(read(Path.of("/proc", Long.toString(pid), "status")));
            return new ProcessSample(ticks / (double) clockTicks(), rss);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Returns the summed CPU seconds and RSS of {@code first} and {@code more}, or null when one cannot be read. */
    public static ProcessSample sampleAll(long first, List<Long> more) {
        ProcessSample total = sample(first);
        for (long pid : more) {
            ProcessSample s = sample(pid);
            if (total == null || s == null) {
                return null;
            }
            total = new ProcessSample(total.cpuSeconds() + s.cpuSeconds(), total.rssKb() + s.rssKb());
        }
        return total;
    }

    /** Returns this JVM's own sample. */
    public static ProcessSample self() {
        return sample(ProcessHandle.current().pid());
    }

    /** Returns /proc/net/sockstat's TCP line, or null. */
    public static SockStat sockStat() {
        try {
            return ProcParser.sockStat(read(Path.of("/proc/net/sockstat")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Returns all TCP sockets of /proc/net/tcp and tcp6 (visible in this network namespace). */
    public static List<TcpSocket> tcpSockets() {
        List<TcpSocket> all = new ArrayList<>();
        for (String f : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                all.addAll(ProcParser.tcpSockets(read(Path.of(f))));
            } catch (IOException | RuntimeException e) {
                // absent (no IPv6) or unreadable: skip
            }
        }
        return all;
    }

    /** Returns the kernel's clock ticks per second ({@code getconf CLK_TCK}, default 100). */
    public static long clockTicks() {
        long t = clockTicks;
        if (t == 0) {
            t = readClockTicks();
            clockTicks = t;
        }
        return t;
    }

    private static long readClockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return DEFAULT_CLK_TCK;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            long v = Long.parseLong(out);
            return v > 0 ? v : DEFAULT_CLK_TCK;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_CLK_TCK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_CLK_TCK;
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.US_ASCII);
    }
}
