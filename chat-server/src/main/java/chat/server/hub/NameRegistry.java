package chat.server.hub;

import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of connected users and their connections. Anonymous names are exclusive and unique
 * case-insensitively ({@code alice} cannot impersonate {@code Alice}): a taken name gets the first free
 * suffix, {@code Alice-2}, {@code Alice-3}, … An authenticated name is the user's own and is shared by all
 * of that user's connections (tabs). Lock-free; any thread.
 */
final class NameRegistry {
    private final ConcurrentHashMap<String, List<Channel>> byKey = new ConcurrentHashMap<>();

    /** Returns the name actually given to anonymous {@code channel}, which asked for {@code wanted}. */
    String claim(String wanted, Channel channel) {
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? wanted : wanted + '-' + n;
            if (byKey.putIfAbsent(key(candidate), List.of(channel)) == null) {
                return candidate;
            }
        }
    }

    /** Claims exactly {@code name} for anonymous {@code channel}; {@code false} if someone here has it. */
    boolean tryClaim(String name, Channel channel) {
        return byKey.putIfAbsent(key(name), List.of(channel)) == null;
    }

    /** Calls {@code action} with each connected name (lower-cased) and its number of connections. */
    void forEach(java.util.function.BiConsumer<String, Integer> action) {
        byKey.forEach((k, v) -> action.accept(k, v.size()));
    }

    /** Adds {@code channel} to the connections of authenticated user {@code name}. */
    void share(String name, Channel channel) {
        byKey.compute(key(name), (k, v) -> {
            List<Channel> out = v == null ? new ArrayList<>(1) : new ArrayList<>(v);
            out.add(channel);
            return List.copyOf(out);
        });
    }

    /** Removes {@code channel} from {@code name}'s connections; returns whether it was one of them. */
    boolean release(String name, Channel channel) {
        boolean[] removed = {false};
        byKey.computeIfPresent(key(name), (k, v) -> {
            List<Channel> out = new ArrayList<>(v);
            removed[0] = out.remove(channel);
            return out.isEmpty() ? null : List.copyOf(out);
        });
        return removed[0];
    }

    /** Returns the connections of {@code name} (empty when nobody by that name is connected). */
    List<Channel> find(String name) {
        return byKey.getOrDefault(key(name), List.of());
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
