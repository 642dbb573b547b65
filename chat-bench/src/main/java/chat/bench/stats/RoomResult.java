package chat.bench.stats;

/** Per-room delivery correctness of one phase (rooms scenario). */
public record RoomResult(String room, int recipientsPerMessage, long sent, long expected, long delivered,
                         long lost, long duplicates, long wrongRoom) {
}
