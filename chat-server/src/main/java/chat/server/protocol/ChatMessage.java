package chat.server.protocol;

/** A room message as stored and delivered: its place in the room's order, time, sender and text. */
public record ChatMessage(String room, long seq, long ts, String from, String text) {
}
