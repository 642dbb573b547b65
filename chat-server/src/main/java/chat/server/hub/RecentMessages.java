package chat.server.hub;

import chat.server.protocol.ChatMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
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

    /** Returns the newest {@code limit} messages, oldest first. */
    List<ChatMessage> latest(int limit) {
        int skip = Math.max(0, ring.size() - limit);
        List<ChatMessage> out = new ArrayList<>(ring.size() - skip);
        Iterator<ChatMessage> it = ring.iterator();
        for (int i = 0; it.hasNext(); i++) {
            ChatMessage m = it.next();
            if (i >= skip) {
                out.add(m);
            }
        }
        return out;
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

    /** Returns whether every message after {@code since} up to {@code lastSeq} is kept here. */
    boolean covers(long since, long lastSeq) {
        if (since >= lastSeq) {
            return since == lastSeq;
        }
        ChatMessage oldest = ring.peekFirst();
        return oldest != null && oldest.seq() <= since + 1;
    }
}
