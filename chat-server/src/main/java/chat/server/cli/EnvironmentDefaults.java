package chat.server.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Lets every option come from an environment variable — {@code --max-frame-bytes} from
 * {@code CHAT_MAX_FRAME_BYTES} — or from a properties file ({@code --config chat.properties}, keys without
 * the dashes: {@code max-frame-bytes=32KiB}). Precedence: flags, then the environment, then the file, then
 * the built-in defaults.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    private final Map<String, String> env;
    private final Properties file;

    EnvironmentDefaults(Map<String, String> env, Properties file) {
        this.env = env;
        this.file = file;
    }

    /** Returns the variable name for an option such as {@code --max-frame-bytes}. */
    static String variableFor(String longOption) {
        return "CHAT_" + longOption.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option && option.longestName().startsWith("--")) {
            String value = env.get(variableFor(option.longestName()));
            if (value != null && !value.isEmpty()) {
                return value;
            }
            String fromFile = file.getProperty(option.longestName().replaceFirst("^-+", ""));
            if (fromFile != null && !fromFile.isBlank()) {
                return fromFile.trim();
            }
        }
        return null;
    }
}
