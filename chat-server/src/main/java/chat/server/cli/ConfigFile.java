package chat.server.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Finds and reads the {@code --config} properties file before the command line is parsed (its values are
 * defaults for that parse). The file may also be named by {@code CHAT_CONFIG}. An unreadable file yields no
 * defaults; the command then reports it.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    public static Properties load(String[] args, Map<String, String> env) {
        Path path = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = Path.of(args[i + 1]);
            } else if (args[i].startsWith("--config=")) {
                path = Path.of(args[i].substring("--config=".length()));
            }
        }
        if (path == null && env.get("CHAT_CONFIG") != null && !env.get("CHAT_CONFIG").isEmpty()) {
            path = Path.of(env.get("CHAT_CONFIG"));
        }
        Properties p = new Properties();
        if (path != null && Files.isReadable(path)) {
            try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                return new Properties();
            }
        }
        return p;
    }
}
