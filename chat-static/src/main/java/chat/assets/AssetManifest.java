package chat.assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the checked-in list of web assets, {@code <root>/.assets}: one path per line, relative to the root, with
 * blank lines and {@code #} comments ignored. Every entry must be a path that {@link RequestPaths#isSafe(String)}
 * accepts, so nothing listed can be unreachable or hidden.
 */
final class AssetManifest {

    /** The manifest's file name inside the web root. */
    static final String FILE_NAME = ".assets";

    private AssetManifest() {
    }

    /**
     * Returns the entries of the manifest under {@code root} (a class-path prefix ending in {@code /}, or empty) in
     * file order. Blocks on class-path I/O.
     *
     * @throws IllegalStateException if the manifest is missing or lists an unsafe or duplicate path
     */
    static List<String> read(ClassLoader classLoader, String root) {
        final String name = root + FILE_NAME;
        final String text;
        try (InputStream in = classLoader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("asset manifest not found on the class path: " + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read asset manifest " + name, e);
        }
        return parse(name, text);
    }

    static List<String> parse(String name, String text) {
        final Set<String> entries = new LinkedHashSet<>();
        for (String line : text.split("\n", -1)) {
            final String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            if (entry.endsWith("/") || !RequestPaths.isSafe('/' + entry)) {
                throw new IllegalStateException(name + ": not a plain, visible file path: " + entry);
            }
            if (!entries.add(entry)) {
                throw new IllegalStateException(name + ": listed twice: " + entry);
            }
        }
        return List.copyOf(entries);
    }
}
