package chat.bench.sys;

/** One IPv4/IPv6 socket line of /proc/net/tcp{,6}: ports, state (hex code, 01 = ESTABLISHED) and queues. */
public record TcpSocket(int localPort, int remotePort, int state, long txQueue, long rxQueue) {
}
