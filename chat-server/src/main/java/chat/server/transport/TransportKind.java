package chat.server.transport;

/** The I/O transport asked for on the command line. */
public enum TransportKind {
    /** Native epoll when available, else NIO. */
    AUTO,
    EPOLL,
    NIO,
    /** Linux io_uring; opt-in only (its 4.2 transport is new). */
    IO_URING
}
