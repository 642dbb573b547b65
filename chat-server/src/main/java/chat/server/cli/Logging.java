package chat.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Applies {@code --log-level} and {@code --log-format} on top of the bundled {@code logback.xml}:
 * {@code text} keeps its pattern (ISO time, level, thread, logger, message); {@code json} switches the
 * console to logback's own JSON encoder, one object per line, for log shippers.
 */
final class Logging {
    private Logging() {
    }

    static void configure(String level, String format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding: leave it to its own configuration
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
        if (format.equals("json")) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setContext(context);
            console.setName("STDOUT-JSON");
            console.setEncoder(jsonEncoder(context));
            console.start();
            root.detachAndStopAllAppenders();
            root.addAppender(console);
        }
    }

    /** The encoder of {@code --log-format json}: one object per line, the formatted message, no arguments. */
    static JsonEncoder jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithFormattedMessage(true); // the message as a person reads it ...
        encoder.setWithMessage(false);         // ... not the pattern and its arguments
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.start();
        return encoder;
    }
}
