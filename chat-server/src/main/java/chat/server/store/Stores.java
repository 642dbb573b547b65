package chat.server.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens the {@link HistoryStore} the command line asks for ({@code --store}, {@code --db}, {@code --data-dir}).
 *
 * <p>Blocking (opens files or connections); call at start-up, never on an event loop.
 */
public final class Stores {

    private static final Logger log = LoggerFactory.getLogger(Stores.class);

    private Stores() {
    }

    /**
     * Opens a store.
     *
     * <ul>
     *   <li>{@code sqlite} — {@code dataDir/chat.db}; the default when {@code storeKind} is null or blank and no
     *       {@code dbUrl} is given.</li>
     *   <li>{@code postgres} (or {@code postgresql}) — {@code dbUrl}, which must be a {@code jdbc:postgresql:}
     *       URL; chosen by default when {@code storeKind} is null or blank and such a URL is given.</li>
     *   <li>{@code none} (or {@code memory}) — a {@link MemoryStore} of {@code memoryCapacity} per room.</li>
     * </ul>
     *
     * @param storeKind      {@code sqlite}, {@code postgres} or {@code none} (case-insensitive); null or blank
     *                       for the default
     * @param dbUrl          the JDBC URL for {@code postgres}; must be null or blank for the other kinds
     * @param dataDir        the directory of {@code chat.db} for {@code sqlite}
     * @param memoryCapacity messages kept per room for {@code none}
     * @throws IllegalArgumentException for a bad combination of arguments (the message says what to change)
     * @throws StoreException           if the store cannot be opened
     */
    public static HistoryStore open(String storeKind, String dbUrl, Path dataDir, int memoryCapacity)
            throws StoreException {
        boolean hasUrl = dbUrl != null && !dbUrl.isBlank();
        String kind = storeKind == null || storeKind.isBlank()
                ? (hasUrl ? "postgres" : "sqlite")
                : storeKind.trim().toLowerCase(Locale.ROOT);
        HistoryStore store = switch (kind) {
            case "sqlite" -> {
                if (hasUrl) {
                    throw new IllegalArgumentException("--db is only used with --store postgres;"
                            + " remove --db to use SQLite in --data-dir, or pass --store postgres");
                }
                if (dataDir == null) {
                    throw new IllegalArgumentException("--store sqlite needs --data-dir (the directory of "
                            + SqliteStore.FILE_NAME + ")");
                }
                yield SqliteStore.open(dataDir);
            }
            case "postgres", "postgresql" -> {
                if (!hasUrl) {
                    throw new IllegalArgumentException("--store postgres needs --db with a JDBC URL such as"
                            + " jdbc:postgresql://127.0.0.1:5432/chat?user=chat");
                }
                if (!dbUrl.trim().startsWith("jdbc:postgresql:")) {
                    throw new IllegalArgumentException("--db must be a jdbc:postgresql: URL (such as"
                            + " jdbc:postgresql://127.0.0.1:5432/chat?user=chat), got one starting "
                            + scheme(dbUrl) + "; for SQLite use --store sqlite with --data-dir instead");
                }
                yield PostgresStore.open(dbUrl.trim());
            }
            case "none", "memory" -> {
                if (hasUrl) {
                    throw new IllegalArgumentException("--db is only used with --store postgres;"
                            + " remove --db or pass --store postgres");
                }
                if (memoryCapacity < 1) {
                    throw new IllegalArgumentException("--store none needs a history capacity of at least 1"
                            + " message per room, got " + memoryCapacity);
                }
                yield new MemoryStore(memoryCapacity);
            }
            default -> throw new IllegalArgumentException("unknown --store '" + storeKind
                    + "'; use sqlite (default), postgres or none");
        };
        log.info("history store: {}", store.describe());
        return store;
    }

    /** The URL's scheme part only, so that no credentials end up in a message. */
    private static String scheme(String url) {
        String s = url.trim();
        int end = 0;
        int colons = 0;
        while (end < s.length() && colons < 2 && s.charAt(end) != '/' && s.charAt(end) != '?') {
            if (s.charAt(end) == ':') {
                colons++;
            }
            end++;
        }
        return "'" + s.substring(0, end) + "'";
    }
}
