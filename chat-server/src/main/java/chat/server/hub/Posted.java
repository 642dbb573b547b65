package chat.server.hub;

import chat.server.protocol.ChatMessage;
import chat.server.protocol.EventEncoder;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * A posted message between its seq assignment (in cluster mode: its submission) and its commit, remembered by client id so that a retry
 * with the same id is acked with the original seq instead of being posted twice. Room executor only.
 */
final class Posted {
    private ChatMessage message;
    private final Session sender;
    private final String id;
    private boolean committed;
    private List<Session> alsoAck;

    Posted(ChatMessage message, Session sender, String id) {
        this.message = message;
        this.sender = sender;
        this.id = id;
    }

    ChatMessage message() {
        return message;
    }

    /** Cluster mode: the message as the shared store numbered it (the draft had no seq yet). */
    void numbered(ChatMessage stored) {
        this.message = stored;
    }

    /** Returns the {@code ack} of this message (it must have its seq). */
    ByteBuf ack(EventEncoder encoder) {
        return encoder.ack(id, message.room(), message.seq(), message.ts());
    }

    Session sender() {
        return sender;
    }

    String id() {
        return id;
    }

    /** A retry of this message from {@code s}: acked now if committed, else when it commits. */
    void ackAgain(Session s, EventEncoder encoder) {
        if (committed) {
            s.send(ack(encoder));
        } else {
            if (alsoAck == null) {
                alsoAck = new ArrayList<>(1);
            }
            alsoAck.add(s);
        }
    }

    boolean isCommitted() {
        return committed;
    }

    /** Marks the message durable and acks the retries that arrived while it was being stored. */
    void committed(EventEncoder encoder) {
        committed = true;
        if (alsoAck != null) {
            alsoAck.forEach(other -> other.send(ack(encoder)));
            alsoAck = null;
        }
    }
}
