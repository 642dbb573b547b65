package chat.assets;

import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Turns a request URI into a safe, decoded path. Checks run <em>after</em> percent-decoding, so encoded forms such as
 * {@code %2e%2e}, {@code %2f..} and {@code ..%5c} are caught like their plain spellings.
 */
final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * Returns the decoded path of {@code uri} without its query string, or {@code null} when the URI is malformed
     * (a broken percent escape) or the path is unsafe (see {@link #isSafe(String)}).
     */
    static String safePath(String uri) {
        final String path;
        try {
            // QueryStringDecoder decodes the path with "+" kept as is (unlike URLDecoder) and drops "?query".
            path = new QueryStringDecoder(uri).path();
        } catch (IllegalArgumentException e) {
            return null;
        }
        return isSafe(path) ? path : null;
    }

    /**
     * Returns whether a decoded path is absolute and free of empty segments ({@code //}), segments starting with a
     * dot ({@code .}, {@code ..}, hidden files), backslashes and control characters (NUL included).
     */
    static boolean isSafe(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        final int length = path.length();
        for (int i = 0; i < length; i++) {
            final char c = path.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
            if (c == '/' && i + 1 < length) {
                final char next = path.charAt(i + 1);
                if (next == '/' || next == '.') {
                    return false;
                }
            }
        }
        return true;
    }
}
