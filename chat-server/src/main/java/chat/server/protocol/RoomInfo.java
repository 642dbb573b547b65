package chat.server.protocol;

/** A room and its member count, as listed by the {@code rooms} reply. */
public record RoomInfo(String name, int members) {
}
