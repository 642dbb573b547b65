package chat.assets;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticAssetsTest {

    /** Expected content types, spelled out here independently of {@link ContentTypes}. */
    private static final Map<String, String> EXPECTED_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "woff2", "font/woff2",
            "txt", "text/plain; charset=utf-8");

    private static final StaticAssets WEB = new StaticAssets();
    private static final StaticAssets TEST_WEB = new StaticAssets(StaticAssetsTest.class.getClassLoader(), "/testweb/");

    @Test
    void manifestListsEveryFileUnderTheWebRoot() throws IOException {
        final Path root = Path.of(System.getProperty("basedir", "."), "src", "main", "resources", "web");
        assertTrue(Files.isDirectory(root), "expected the web root at " + root.toAbsolutePath());
        final Set<String> onDisk;
        try (Stream<Path> files = Files.walk(root)) {
            onDisk = files.filter(Files::isRegularFile)
                          .map(file -> root.relativize(file).toString().replace('\\', '/'))
                          .filter(file -> !file.equals(AssetManifest.FILE_NAME))
                          .collect(Collectors.toCollection(TreeSet::new));
        }
        final Path manifest = root.resolve(AssetManifest.FILE_NAME);
        final Set<String> listed = new TreeSet<>(AssetManifest.parse(manifest.toString(), Files.readString(manifest)));
        assertEquals(onDisk, listed, "every file under " + root + " must be listed in " + manifest
                                     + " (and hidden files cannot be served: remove them)");
    }

    @Test
    void loadsEveryListedFileWithItsContentType() {
        assertTrue(WEB.paths().containsAll(Set.of("/index.html", "/js/main.js", "/style.css", "/favicon.svg")));
        assertAll(WEB.paths().stream().map(path -> () -> {
            final String extension = path.substring(path.lastIndexOf('.') + 1);
            final StaticAsset asset = WEB.find(path).orElseThrow();
            assertEquals(EXPECTED_TYPES.get(extension), asset.contentType(), path);
            assertTrue(asset.length() > 0, path + " is empty");
        }));
    }

    @Test
    void fallsBackToOctetStreamForUnknownExtensions() {
        assertEquals("application/octet-stream", TEST_WEB.find("/data.bin").orElseThrow().contentType());
        assertEquals("application/octet-stream", ContentTypes.of("/LICENSE"));
        assertEquals("application/octet-stream", ContentTypes.of("/dir.d/file"));
        assertEquals("text/html; charset=utf-8", ContentTypes.of("/INDEX.HTML"));
    }

    @Test
    void mapsDirectoriesToTheirIndex() {
        assertSame(WEB.find("/index.html").orElseThrow(), WEB.find("/").orElseThrow());
        assertSame(TEST_WEB.find("/docs/index.html").orElseThrow(), TEST_WEB.find("/docs/").orElseThrow());
        assertFalse(TEST_WEB.find("/docs").isPresent(), "no redirect or guess without the trailing slash");
        assertFalse(TEST_WEB.paths().contains("/docs/"), "paths() lists files only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "index.html", "/a/../index.html", "/./index.html", "//index.html", "/INDEX.HTML",
                            "/.assets", "/index.html/"})
    void findsExactPathsOnly(String path) {
        assertFalse(WEB.find(path).isPresent(), path);
    }

    @Test
    void etagIsAStrongHashOfTheContent() {
        final StaticAsset index = WEB.find("/index.html").orElseThrow();
        final StaticAsset again = new StaticAssets().find("/index.html").orElseThrow();
        assertTrue(index.etag().matches("\"[A-Za-z0-9_-]{22}\""), index.etag());
        assertEquals(index.etag(), again.etag(), "same bytes, same tag, across restarts");
        assertNotEquals(index.etag(), WEB.find("/js/main.js").orElseThrow().etag());
    }

    @Test
    void lastModifiedIsTheLoadTimeInWholeSeconds() {
        final Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final StaticAssets assets = new StaticAssets();
        final Instant after = Instant.now();
        final Instant lastModified = assets.find("/js/main.js").orElseThrow().lastModified();
        assertEquals(assets.lastModified(), lastModified);
        assertEquals(0, lastModified.getNano());
        assertFalse(lastModified.isBefore(before) || lastModified.isAfter(after), lastModified.toString());
    }

    @Test
    void onlyFingerprintedNonHtmlFilesAreImmutable() {
        assertEquals("public, max-age=31536000, immutable",
                     TEST_WEB.find("/app.0123abcd.js").orElseThrow().cacheControl());
        assertEquals("no-cache", TEST_WEB.find("/notes.txt").orElseThrow().cacheControl());
        assertAll(WEB.paths().stream().map(path -> () ->
                assertEquals("no-cache", WEB.find(path).orElseThrow().cacheControl(), path)));
    }

    @Test
    void contentIsAnUnreleasableDirectDuplicate() {
        final StaticAsset asset = WEB.find("/js/main.js").orElseThrow();
        final ByteBuf first = asset.content();
        final ByteBuf second = asset.content();
        assertTrue(first.isDirect());
        assertEquals(asset.length(), first.readableBytes());
        first.skipBytes(10);
        assertEquals(asset.length(), second.readableBytes(), "each caller gets its own indices");
        assertFalse(first.release(), "releasing a duplicate is a no-op");
        assertEquals(asset.length(), asset.content().readableBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-such-root", "testweb-broken", "testweb-hidden"})
    void refusesToStartWithABrokenManifest(String root) {
        assertThrows(IllegalStateException.class,
                     () -> new StaticAssets(StaticAssetsTest.class.getClassLoader(), root));
    }

    @Test
    void describesItselfForStartupLogs() {
        assertTrue(TEST_WEB.toString().startsWith("StaticAssets[root=testweb/, 5 files, "), TEST_WEB.toString());
    }
}
