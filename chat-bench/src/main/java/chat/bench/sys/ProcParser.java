package chat.bench.sys;

import java.util.ArrayList;
import java.util.List;

/** Pure parsers for the /proc files the bench reads; unit-tested on sample strings. */
public final class ProcParser {
    private ProcParser() {
    }

    /**
     * Returns utime + stime in clock ticks from the text of /proc/P/stat. The command name (field 2) may
     * contain spaces and parentheses, so fields are counted after the last ')'.
     */
    public static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("stat: no ')' in " + abbreviate(stat));
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // After ')': f[0] = state (field 3), so utime (field 14) is f[11] and stime (field 15) is f[12].
        if (f.length < 13) {
            throw new IllegalArgumentException("stat: too few fields in " + abbreviate(stat));
        }
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Returns VmRSS in KiB from the text of /proc/P/status, or -1 when absent (e.g. a zombie). */
    public static long rssKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                return Long.parseLong(f[0]);
            }
        }
        return -1;
    }

    /** Returns the TCP line of /proc/net/sockstat. */
    public static SockStat sockStat(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("TCP:")) {
                String[] f = line.substring(4).trim().split("\\s+");
                long inUse = 0, orphan = 0, tw = 0, alloc = 0, mem = 0;
                for (int i = 0; i + 1 < f.length; i += 2) {
                    long v = Long.parseLong(f[i + 1]);
                    switch (f[i]) {
                        case "inuse" -> inUse = v;
                        case "orphan" -> orphan = v;
                        case "tw" -> tw = v;
                        case "alloc" -> alloc = v;
                        case "mem" -> mem = v;
                        default -> { }
                    }
                }
                return new SockStat(inUse, orphan, tw, alloc, mem);
            }
        }
        throw new IllegalArgumentException("sockstat: no TCP line");
    }

    /**
     * Returns the sockets of /proc/net/tcp or tcp6 text. Line format:
     * {@code sl local_address rem_address st tx_queue:rx_queue ...}, addresses as HEXIP:HEXPORT.
     */
    public static List<TcpSocket> tcpSockets(String text) {
        List<TcpSocket> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || !f[0].endsWith(":") || f[0].equals("sl")) {
                continue;
            }
            int local = port(f[1]);
            int remote = port(f[2]);
            int state = Integer.parseInt(f[3], 16);
            int colon = f[4].indexOf(':');
            long tx = Long.parseLong(f[4].substring(0, colon), 16);
            long rx = Long.parseLong(f[4].substring(colon + 1), 16);
            out.add(new TcpSocket(local, remote, state, tx, rx));
        }
        return out;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
