package chat.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class CausesTest {
    @Test
    void labelsCommonFailuresStably() {
        assertEquals("connect: connection refused",
                Causes.describe(new ConnectException("Connection refused: /127.0.0.1:1")));
        assertEquals("connect: timeout", Causes.describe(new ConnectTimeoutException("connection timed out")));
        assertEquals("handshake: Invalid handshake response getStatus: 404 Not Found",
                Causes.describe(new WebSocketClientHandshakeException("Invalid handshake response getStatus: 404 Not Found")));
        assertEquals("connection reset by peer", Causes.describe(new IOException("Connection reset by peer")));
        assertEquals("connect: too many open files (raise ulimit -n)",
                Causes.describe(new IOException("Too many open files")));
    }
}
