package chat.bench.sys;

/**
 * The TCP line of /proc/net/sockstat: sockets in use, orphans, TIME_WAIT, allocated, and the kernel's
 * socket-buffer memory in pages (system-wide: with a loopback run it holds both the bench's and the
 * server's sockets).
 */
public record SockStat(long inUse, long orphan, long timeWait, long alloc, long memPages) {
    /** Bytes per page assumed for {@code mem} (the kernel counts TCP memory in 4 KiB pages on x86-64). */
    public static final long PAGE_BYTES = 4096;

    /** Returns the TCP buffer memory in KiB. */
    public long memKb() {
        return memPages * PAGE_BYTES / 1024;
    }
}
