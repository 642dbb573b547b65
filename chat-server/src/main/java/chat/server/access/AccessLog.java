package chat.server.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: the {@code chat.access} logger, at INFO, so operators can route it to its own appender
 * (or turn it off) without touching the server's other logs. One line per HTTP request and one per
 * WebSocket session open and close, as {@code key=value} pairs; nothing per message. Query strings are
 * never logged: tokens travel in them.
 */
public final class AccessLog {
    /** The logger's name, for logback configuration. */
    public static final String LOGGER_NAME = "chat.access";
    private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);
    private static final int MAX_PATH = 200;

    private AccessLog() {
    }

    public static boolean enabled() {
        return log.isInfoEnabled();
    }

    /** @param status 0 when the connection closed before a response was written */
    public static void http(String client, String method, String path, int status, long bytes, long nanos) {
        log.info("http client={} method={} path={} status={} bytes={} ms={}",
                client, method, path, status == 0 ? "-" : Integer.toString(status), bytes, millis(nanos));
    }

    public static void wsOpen(String client, String name, String room) {
        log.info("ws open client={} name={} room={}", client, name, room);
    }

    /** A completed handshake refused before it became a session (bad query, room not allowed). */
    public static void wsRejected(String client, String reason) {
        log.info("ws rejected client={} reason=\"{}\"", client, clean(reason));
    }

    public static void wsClose(String client, String name, SessionTraffic t, long nanos, int code, String reason,
                               String closedBy) {
        log.info("ws close client={} name={} ms={} code={} reason=\"{}\" by={} bytes_in={} bytes_out={} msgs_in={} msgs_out={}",
                client, name, nanos / 1_000_000, code, clean(reason), closedBy, t.bytesIn(), t.bytesOut(), t.messagesIn(),
                t.messagesOut());
    }

    /**
     * Returns the path of a request target without its query string or fragment (tokens live there), cut to
     * a sane length, with anything unprintable replaced so a line stays one line.
     */
    public static String pathOf(String uri) {
        int end = uri.length();
        for (int i = 0; i < end; i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
            }
        }
        StringBuilder b = new StringBuilder(Math.min(end, MAX_PATH));
        for (int i = 0; i < end && i < MAX_PATH; i++) {
            char c = uri.charAt(i);
            b.append(c > 0x20 && c < 0x7f && c != '"' ? c : '?');
        }
        if (end > MAX_PATH) {
            b.append("...");
        }
        return b.length() == 0 ? "-" : b.toString();
    }

    /** A close reason comes from the client: keep it on one line and inside its quotes. */
    static String clean(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length() && i < 200; i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c == '"' ? '\'' : c);
        }
        return b.toString();
    }

    /** Milliseconds with one decimal: HTTP answers usually take well under one. */
    private static String millis(long nanos) {
        long tenths = nanos / 100_000;
        return (tenths / 10) + "." + (tenths % 10);
    }

    /** A session's traffic, as counted on its event loop. */
    public interface SessionTraffic {
        long bytesIn();

        long bytesOut();

        long messagesIn();

        long messagesOut();
    }
}
