package chat.server.hub;

import io.netty.channel.Channel;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of connected users, unique case-insensitively ({@code alice} cannot impersonate {@code Alice}).
 * A taken name gets the first free numeric suffix: {@code Alice}, {@code Alice-2}, {@code Alice-3}, …
 * Lock-free; any thread.
 */
final class NameRegistry {
    private final ConcurrentHashMap<String, Channel> byKey = new ConcurrentHashMap<>();

    /** Returns the name actually given to {@code channel}, which asked for {@code wanted}. */
    String claim(String wanted, Channel channel) {
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? wanted : wanted + '-' + n;
            if (byKey.putIfAbsent(key(candidate), channel) == null) {
                return candidate;
            }
        }
    }

    void release(String name, Channel channel) {
        byKey.remove(key(name), channel);
    }

    Channel find(String name) {
        return byKey.get(key(name));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
