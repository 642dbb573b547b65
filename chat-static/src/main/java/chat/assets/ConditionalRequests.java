package chat.assets;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.Date;
import java.util.List;

/**
 * Evaluates {@code If-None-Match} and {@code If-Modified-Since} for a {@code GET} or {@code HEAD}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#section-13.2.2">RFC 9110 §13.2.2, precedence</a>
 */
final class ConditionalRequests {

    private ConditionalRequests() {
    }

    /**
     * Returns whether the client's cached copy of {@code asset} is current, so a {@code 304} is the answer.
     * {@code If-None-Match}, when present, decides alone; otherwise an {@code If-Modified-Since} that is a valid
     * HTTP date not earlier than {@link StaticAsset#lastModified()} does. An unparsable date is ignored.
     */
    static boolean isNotModified(HttpHeaders headers, StaticAsset asset) {
        final List<String> ifNoneMatch = headers.getAll(HttpHeaderNames.IF_NONE_MATCH);
        if (!ifNoneMatch.isEmpty()) {
            for (String value : ifNoneMatch) {
                if (matchesAny(value, asset.etag())) {
                    return true;
                }
            }
            return false;
        }
        final String ifModifiedSince = headers.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (ifModifiedSince == null) {
            return false;
        }
        final Date since = DateFormatter.parseHttpDate(ifModifiedSince);
        return since != null && !since.toInstant().isBefore(asset.lastModified());
    }

    /**
     * Returns whether an {@code If-None-Match} value ({@code *} or a comma-separated list of entity tags) matches
     * {@code etag} (quoted) by weak comparison: {@code W/} prefixes are ignored, the opaque tags must be equal. Tags
     * are scanned quote to quote, since a comma is a legal character inside one. A malformed list stops matching.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#section-8.8.3.2">RFC 9110 §8.8.3.2</a>
     */
    static boolean matchesAny(String value, String etag) {
        final String list = value.strip();
        if (list.equals("*")) {
            return true;
        }
        final int length = list.length();
        int i = 0;
        while (i < length) {
            final char c = list.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (list.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= length || list.charAt(i) != '"') {
                return false;
            }
            final int close = list.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            if (close + 1 - i == etag.length() && list.startsWith(etag, i)) {
                return true;
            }
            i = close + 1;
        }
        return false;
    }
}
