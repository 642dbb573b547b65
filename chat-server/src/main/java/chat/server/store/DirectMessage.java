package chat.server.store;

/** A direct message as stored: {@code id} is assigned by the store on append (0 before). */
public record DirectMessage(long id, long ts, String from, String to, String text) {
}
