package chat.bench.stats;

import chat.bench.sys.SockStat;

/**
 * Memory around the connect scenario: the server's RSS (from /proc/P/status, when a pid was given) before
 * connecting and after holding, per connection; and the kernel's system-wide TCP socket memory
 * (/proc/net/sockstat, pages × 4 KiB) before and after, reported separately because it includes the bench's
 * own sockets on a loopback run. Fields are null when unknown.
 */
public record MemoryReport(Long serverRssBeforeKb, Long serverRssAfterKb, Double serverRssPerConnectionKb,
                           SockStat sockStatBefore, SockStat sockStatAfter, Double tcpMemPerConnectionKb,
                           double holdSeconds, int openAfterHold) {
}
