package chat.server.hub;

import chat.server.protocol.ChatMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last messages of a room, kept in memory so {@code joined} can show recent history and a client
 * reconnecting with {@code since} can catch up. Bounded; owned by the room's executor.
 */
final class RecentMessages {
    private final int capacity;
    private final ArrayDeque<ChatMessage> ring;

    RecentMessages(int capacity) {
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(Math.min(capacity, 64));
    }

    void add(ChatMessage m) {
        if (capacity == 0) {
            return;
        }
        if (ring.size() == capacity) {
            ring.removeFirst();
        }
        ring.addLast(m);
    }

    /** Returns every kept message with a seq after {@code since}, oldest first. */
    List<ChatMessage> after(long since) {
        List<ChatMessage> out = new ArrayList<>();
        for (ChatMessage m : ring) {
            if (m.seq() > since) {
                out.add(m);
            }
        }
        return out;
    }

    /** Returns whether the window still holds message {@code seq} or anything older (so it covers from {@code seq} on). */
    boolean holdsFrom(long seq) {
        ChatMessage oldest = ring.peekFirst();
        return oldest != null && oldest.seq() <= seq;
    }
}
