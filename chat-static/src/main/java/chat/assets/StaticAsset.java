package chat.assets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.regex.Pattern;

/**
 * One preloaded file of the web root: its bytes plus the metadata its HTTP responses carry. Immutable and safe to
 * share between event loops.
 */
public final class StaticAsset {

    /** {@code Cache-Control} for HTML and every file without a content fingerprint: store, but revalidate. */
    static final String NO_CACHE = "no-cache";

    /** {@code Cache-Control} for fingerprinted files, whose content never changes under the same name. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** {@code name.<fingerprint>.ext}, the fingerprint being at least 8 lowercase hex digits. */
    private static final Pattern FINGERPRINTED = Pattern.compile("[^/]+\\.[0-9a-f]{8,}\\.[A-Za-z0-9]+");

    /** Bytes of the SHA-256 kept in the ETag: 128 bits, 22 base64url characters. */
    private static final int ETAG_HASH_BYTES = 16;

    private final String path;
    private final ByteBuf content;
    private final String contentType;
    private final String etag;
    private final Instant lastModified;
    private final String lastModifiedHeader;
    private final String cacheControl;

    private StaticAsset(String path, ByteBuf content, Instant lastModified) {
        this.path = path;
        this.content = content;
        this.contentType = ContentTypes.of(path);
        this.etag = etagOf(content);
        this.lastModified = lastModified;
        this.lastModifiedHeader = DateFormatter.format(Date.from(lastModified));
        this.cacheControl = isHtml() || !FINGERPRINTED.matcher(path.substring(path.lastIndexOf('/') + 1)).matches()
                ? NO_CACHE : IMMUTABLE;
    }

    /**
     * Returns an asset holding a copy of {@code bytes} in direct memory.
     *
     * <p>The copy lives in a JDK direct {@link ByteBuffer} wrapped by {@link Unpooled#wrappedBuffer(ByteBuffer)}
     * and made {@linkplain Unpooled#unreleasableBuffer(ByteBuf) unreleasable}, rather than in
     * {@code Unpooled.directBuffer(n)}: the latter is tracked by the leak detector, which reports a leak whenever a
     * {@link StaticAssets} is garbage-collected (tests create many). A JDK buffer is freed by the garbage collector.
     */
    static StaticAsset of(String path, byte[] bytes, Instant lastModified) {
        final ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return new StaticAsset(path, Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct)), lastModified);
    }

    /** Returns the path of the file, relative to the web root and starting with {@code /}, e.g. {@code /app.js}. */
    public String path() {
        return path;
    }

    /**
     * Returns a new {@linkplain ByteBuf#duplicate() duplicate} of the file's bytes, with its own indices. Releasing
     * it is harmless and not required (the buffer is unreleasable); never write to it.
     */
    public ByteBuf content() {
        return content.duplicate();
    }

    /** Returns the size of the file in bytes. */
    public int length() {
        return content.readableBytes();
    }

    /** Returns the {@code Content-Type}, e.g. {@code text/html; charset=utf-8}. */
    public String contentType() {
        return contentType;
    }

    /** Returns the strong entity tag, quoted, e.g. {@code "q2vh1t4tLS1Vs1m5zY2Jxw"}. */
    public String etag() {
        return etag;
    }

    /** Returns the {@code Last-Modified} time: when the assets were loaded, in whole seconds. */
    public Instant lastModified() {
        return lastModified;
    }

    /** Returns the {@code Cache-Control} value: {@value #NO_CACHE} or {@value #IMMUTABLE}. */
    public String cacheControl() {
        return cacheControl;
    }

    /** Returns whether this is an HTML page, which gets a Content-Security-Policy. */
    public boolean isHtml() {
        return contentType.equals(ContentTypes.HTML);
    }

    String lastModifiedHeader() {
        return lastModifiedHeader;
    }

    @Override
    public String toString() {
        return "StaticAsset[" + path + ", " + length() + " bytes, " + contentType + ", " + etag + ']';
    }

    private static String etagOf(ByteBuf bytes) {
        final MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sha256.update(bytes.nioBuffer());
        final byte[] hash = sha256.digest();
        final byte[] truncated = new byte[ETAG_HASH_BYTES];
        System.arraycopy(hash, 0, truncated, 0, ETAG_HASH_BYTES);
        return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(truncated) + '"';
    }
}
