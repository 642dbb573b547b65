package chat.bench.client;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import java.net.BindException;
import java.net.ConnectException;
import java.util.Locale;

/** Turns exceptions into short, stable cause labels for the failure tables. */
final class Causes {
    private Causes() {
    }

    static String describe(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c && c.getMessage() == null) {
            c = c.getCause();
        }
        String msg = c.getMessage() == null ? "" : c.getMessage();
        String lower = msg.toLowerCase(Locale.ROOT);
        if (c instanceof ConnectTimeoutException) {
            return "connect: timeout";
        }
        if (c instanceof WebSocketHandshakeException) {
            return "handshake: " + (lower.contains("timed out") ? "timeout" : shorten(msg));
        }
        if (lower.contains("too many open files")) {
            return "connect: too many open files (raise ulimit -n)";
        }
        if (c instanceof BindException || lower.contains("cannot assign requested address")) {
            return "bind: cannot assign address (ephemeral ports exhausted? try --source-addresses)";
        }
        if (c instanceof ConnectException || lower.contains("connection refused")) {
            return "connect: " + (lower.contains("refused") ? "connection refused" : shorten(msg));
        }
        if (lower.contains("connection reset")) {
            return "connection reset by peer";
        }
        return c.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + shorten(msg));
    }

    private static String shorten(String msg) {
        // Drop the address part Netty appends ("Connection refused: /127.0.0.1:1") so causes aggregate.
        int colon = msg.indexOf(": /");
        String s = colon > 0 ? msg.substring(0, colon) : msg;
        return s.length() > 100 ? s.substring(0, 100) : s;
    }
}
