package chat.server.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chat.server.access.AccessLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --log-format json}: every line is one JSON object, access lines included. */
class LoggingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonLinesParseAsJsonAndKeepTheFormattedMessage() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger access = context.getLogger(AccessLog.LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        access.addAppender(captured);
        try {
            AccessLog.http("203.0.113.7", "GET", AccessLog.pathOf("/healthz?token=secret"), 200, 57, 1_234_567);
            AccessLog.wsClose("203.0.113.7", "alice", traffic(), 5_000_000_000L, 1000, "bye \"now\"\nreally", "client");
        } finally {
            access.detachAppender(captured);
        }
        JsonEncoder encoder = Logging.jsonEncoder(context);
        assertEquals(2, captured.list.size());
        for (ILoggingEvent event : captured.list) {
            String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
            assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
            JsonNode json = JSON.readTree(line);
            assertEquals("chat.access", json.get("loggerName").asText());
            assertEquals("INFO", json.get("level").asText());
            assertEquals(event.getFormattedMessage(), json.get("formattedMessage").asText());
            assertTrue(json.has("timestamp"));
        }
        String http = captured.list.get(0).getFormattedMessage();
        assertEquals("http client=203.0.113.7 method=GET path=/healthz status=200 bytes=57 ms=1.2", http);
        assertEquals("ws close client=203.0.113.7 name=alice ms=5000 code=1000 reason=\"bye 'now' really\" by=client "
                + "bytes_in=10 bytes_out=20 msgs_in=1 msgs_out=2", captured.list.get(1).getFormattedMessage(), "a client's reason stays on the line");
    }

    private static AccessLog.SessionTraffic traffic() {
        return new AccessLog.SessionTraffic() {
            public long bytesIn() { return 10; }
            public long bytesOut() { return 20; }
            public long messagesIn() { return 1; }
            public long messagesOut() { return 2; }
        };
    }
}
