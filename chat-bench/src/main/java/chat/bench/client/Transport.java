package chat.bench.client;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** The client transport: native epoll where available (or asked for), NIO otherwise. The only class naming Epoll. */
public record Transport(String name, IoHandlerFactory factory, Class<? extends SocketChannel> channelClass) {

    /**
     * Selects a transport for {@code preference} ({@code auto}, {@code epoll} or {@code nio}).
     *
     * @throws IllegalStateException when epoll is asked for but not available, with the reason
     */
    public static Transport select(String preference) {
        if (!"nio".equals(preference) && Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class);
        }
        if ("epoll".equals(preference)) {
            throw new IllegalStateException("transport: epoll is not available ("
                    + Epoll.unavailabilityCause() + ")");
        }
        return new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
    }
}
