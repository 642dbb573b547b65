package chat.assets;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The web client's files, read once from the class path into direct memory.
 *
 * <p><b>Which files.</b> Listing a directory inside a jar is unreliable, so the web root carries a checked-in index,
 * {@code .assets}: one path per line, relative to the root. The constructor reads exactly the listed files, failing
 * fast if one is missing; a unit test fails if a file under {@code src/main/resources/web} is not listed. A generated
 * index would need a build plugin for a list that rarely changes; a plain text file is easier to review.
 *
 * <p><b>Metadata.</b> Each {@link StaticAsset} has a content type chosen by extension, a strong ETag (truncated
 * SHA-256 of the bytes) and, because jar entries carry no reliable modification time, a {@code Last-Modified} equal
 * to the moment this object was built, rounded down to whole seconds: a restart makes browsers revalidate with
 * {@code If-None-Match}, which still yields {@code 304} for unchanged bytes.
 *
 * <p><b>Threading.</b> The constructors block on class-path I/O: build this once at startup, never on an event loop.
 * After that the object is immutable and {@link #find(String)} is a map lookup, safe from any thread.
 */
public final class StaticAssets {

    /** The class-path directory the no-argument constructor loads. */
    public static final String DEFAULT_ROOT = "web";

    private static final String INDEX = "index.html";

    private final String root;
    private final Instant lastModified;
    private final Map<String, StaticAsset> byPath;
    private final Set<String> paths;
    private final long totalBytes;

    /** Loads the assets under {@value #DEFAULT_ROOT}/ with this class's class loader. */
    public StaticAssets() {
        this(StaticAssets.class.getClassLoader(), DEFAULT_ROOT);
    }

    /**
     * Loads the files listed in {@code <root>/.assets} from {@code classLoader}.
     *
     * @param root a class-path directory such as {@code "web"} (leading and trailing slashes are ignored)
     * @throws IllegalStateException if the manifest is missing, invalid, or lists a file that does not exist
     */
    public StaticAssets(ClassLoader classLoader, String root) {
        requireNonNull(classLoader, "classLoader");
        this.root = normalize(requireNonNull(root, "root"));
        this.lastModified = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final Map<String, StaticAsset> map = new HashMap<>();
        final Set<String> files = new TreeSet<>();
        long bytes = 0;
        for (String entry : AssetManifest.read(classLoader, this.root)) {
            final StaticAsset asset = StaticAsset.of('/' + entry, readResource(classLoader, this.root + entry),
                                                     lastModified);
            map.put(asset.path(), asset);
            files.add(asset.path());
            bytes += asset.length();
            if (entry.equals(INDEX) || entry.endsWith('/' + INDEX)) {
                map.put('/' + entry.substring(0, entry.length() - INDEX.length()), asset);
            }
        }
        this.byPath = Map.copyOf(map);
        this.paths = Collections.unmodifiableSet(files);
        this.totalBytes = bytes;
    }

    /**
     * Returns the asset served at a decoded request path without query string, such as {@code /app.js}; {@code /}
     * and any path ending in {@code /} map to that directory's {@code index.html}. Paths are matched exactly (no
     * normalisation), so {@code /a/../app.js} finds nothing.
     */
    public Optional<StaticAsset> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** Returns the path of every loaded file, sorted, e.g. {@code [/app.js, /index.html]} (no directory aliases). */
    public Set<String> paths() {
        return paths;
    }

    /** Returns the time the assets were loaded, in whole seconds: every asset's {@code Last-Modified}. */
    public Instant lastModified() {
        return lastModified;
    }

    @Override
    public String toString() {
        return "StaticAssets[root=" + root + ", " + paths.size() + " files, " + totalBytes + " bytes]";
    }

    private static String normalize(String root) {
        int start = 0;
        int end = root.length();
        while (start < end && root.charAt(start) == '/') {
            start++;
        }
        while (end > start && root.charAt(end - 1) == '/') {
            end--;
        }
        return start == end ? "" : root.substring(start, end) + '/';
    }

    private static byte[] readResource(ClassLoader classLoader, String name) {
        try (InputStream in = classLoader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("asset listed in the manifest not found on the class path: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read asset " + name, e);
        }
    }
}
