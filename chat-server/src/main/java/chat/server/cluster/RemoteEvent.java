package chat.server.cluster;

import chat.server.protocol.ChatMessage;
import chat.server.store.DirectMessage;

import java.util.List;

/** What another node tells this one through Redis. Each names the node it came from. */
public sealed interface RemoteEvent {
    String node();

    /** A room message, durable in the shared store, with its cluster-wide seq. */
    record Message(String node, ChatMessage message) implements RemoteEvent {
    }

    /** {@code name} got its first ({@code joined}) or lost its last connection to the room on {@code node}. */
    record Member(String node, String name, boolean joined) implements RemoteEvent {
    }

    /** The complete list of {@code node}'s names in the room (sent after a Redis outage), replacing what was known. */
    record Members(String node, List<String> names) implements RemoteEvent {
    }

    /** {@code name} is typing in the room. */
    record Typing(String node, String name) implements RemoteEvent {
    }

    /** A durable direct message for connections of {@code direct.to()} on the receiving node. */
    record Direct(String node, DirectMessage direct) implements RemoteEvent {
    }
}
