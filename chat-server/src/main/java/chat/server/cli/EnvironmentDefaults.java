package chat.server.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Locale;
import java.util.Map;

/**
 * Lets every option come from an environment variable: {@code --max-frame-bytes} from
 * {@code CHAT_MAX_FRAME_BYTES}. Flags win over the environment, which wins over built-in defaults.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    private final Map<String, String> env;

    EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
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
        }
        return null;
    }
}
