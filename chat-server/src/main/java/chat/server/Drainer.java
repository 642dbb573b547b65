package chat.server;

import chat.server.hub.Session;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Closes every connection with 1001 at shutdown, in batches spread over a window, each with a jittered
 * {@code retry after <ms>} hint — so a restart does not bring every client back in the same instant.
 */
final class Drainer {
    /** At most one batch per this many milliseconds of window. */
    private static final long BATCH_SPACING_MILLIS = 100;
    /** The smallest reconnect hint; the jitter is added on top. */
    private static final long MIN_RETRY_MILLIS = 1000;

    private final EventLoopGroup group;
    private final Duration window;

    Drainer(EventLoopGroup group, Duration window) {
        this.group = group;
        this.window = window;
    }

    /** Schedules the closes; returns at once. */
    void closeAll(Collection<Channel> channels, Function<Channel, Session> sessionOf) {
        List<Channel> order = new ArrayList<>(channels);
        Collections.shuffle(order);
        long windowMillis = window.toMillis();
        int batches = (int) Math.max(1, Math.min(order.size(), windowMillis / BATCH_SPACING_MILLIS));
        long spacing = batches <= 1 ? 0 : windowMillis / batches;
        for (int b = 0; b < batches; b++) {
            List<Channel> batch = order.subList(b * order.size() / batches, (b + 1) * order.size() / batches);
            Runnable closeBatch = () -> batch.forEach(ch -> close(ch, sessionOf.apply(ch)));
            if (b == 0) {
                closeBatch.run();
            } else {
                group.next().schedule(closeBatch, b * spacing, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void close(Channel ch, Session session) {
        long retry = MIN_RETRY_MILLIS + ThreadLocalRandom.current().nextLong(Math.max(1000, window.toMillis()) + 1);
        String reason = "server shutting down; retry after " + retry;
        if (session != null) {
            session.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, reason);
        } else {
            ch.close();
        }
    }
}
