/**
 * The web client and the HTTP handler that serves it.
 *
 * <p><b>What this module is.</b> The browser client lives as classpath resources under {@code web/} in this jar
 * ({@code src/main/resources/web}). {@link chat.assets.StaticAssets} reads all of them once, at construction, into
 * memory; {@link chat.assets.StaticFileHandler} answers {@code GET} and {@code HEAD} requests from that in-memory map.
 * Serving never touches the file system or the class loader, so it never blocks an event loop, and a request path
 * can only ever name a file that was deliberately listed.
 *
 * <p><b>Adding an asset.</b> Put the file under {@code src/main/resources/web/} and add its path, relative to
 * {@code web/}, as one line of {@code web/.assets}. Listing a directory inside a jar is unreliable, so this
 * checked-in manifest is the index; {@code StaticAssetsTest} fails when a file is missing from it, and the server
 * refuses to start when a listed file is missing from the jar. Hidden names (a segment starting with {@code .}) can
 * neither be listed nor requested. {@code index.html} in a directory is also served at the directory's path
 * ({@code /} and {@code /docs/}). Reference assets with relative URLs ({@code app.js}, not {@code /app.js}) so the
 * client keeps working when a proxy mounts it under a sub-path such as {@code /chat/}.
 *
 * <p><b>Caching rules.</b> Every asset has a strong {@code ETag} (a truncated SHA-256 of its bytes) and a
 * {@code Last-Modified} equal to the time the assets were loaded (a jar entry has no reliable modification time).
 * HTML and every file without a fingerprint get {@code Cache-Control: no-cache}: browsers keep them but revalidate
 * each time, which is cheap ({@code 304}) and never serves a stale client after a deploy. A file whose name carries a
 * content fingerprint, {@code name.<8+ lowercase hex digits>.ext} (for example {@code app.3f9a0c1d.js}), is cached
 * for a year as {@code immutable}; change its name whenever its content changes.
 */
package chat.assets;
