package chat.server.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

/**
 * The chosen transport: the only place that names the native classes (reactor-netty's
 * {@code DefaultLoopNativeDetector} does the same).
 */
public record Transport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel) {

    /**
     * Returns the transport for {@code kind}. {@code AUTO} takes epoll when it loads, else NIO; an
     * explicit native choice that cannot load fails with the reason.
     */
    public static Transport select(TransportKind kind) {
        switch (kind) {
            case NIO:
                return nio();
            case EPOLL:
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("epoll transport unavailable: " + Epoll.unavailabilityCause());
                }
                return epoll();
            case IO_URING:
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("io_uring transport unavailable: " + IoUring.unavailabilityCause());
                }
                return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
            default:
                return Epoll.isAvailable() ? epoll() : nio();
        }
    }

    private static Transport epoll() {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }

    private static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }
}
