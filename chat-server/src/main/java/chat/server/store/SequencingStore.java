package chat.server.store;

import chat.server.protocol.ChatMessage;

import java.util.List;

/**
 * A history store shared by the nodes of a cluster that numbers room messages itself: each message gets
 * its room's next seq inside the transaction that stores it, under a per-room lock held until commit. So
 * seqs are unique and gap-free cluster-wide, commit order is seq order, and a seq exists only for a
 * message that is durable (a failed transaction consumes none). Blocking; never call on an event loop.
 */
public interface SequencingStore {

    /**
     * Stores {@code messages} (their {@code seq} is ignored) and {@code directs} in one transaction and
     * returns the messages as stored, with their seqs, in input order (messages of one room numbered in
     * that order). Nothing is stored if it throws.
     */
    List<ChatMessage> appendSequenced(List<ChatMessage> messages, List<DirectMessage> directs) throws StoreException;
}
