package chat.bench.scenario;

import java.util.Arrays;

/**
 * Who is where: each client's room, which clients send (sender id → client, room, room-local index), and
 * which clients are tracked receivers. Sender ids are dense (0..senders-1) and appear in the marker; the
 * room-local index picks the receiver's stream tracker. Immutable except for {@link #recount}.
 */
public final class Topology {
    private final int[] roomOf;
    private final String[] roomNames;
    private final boolean[] tracked;
    private final int[] senderClient;
    private final int[] senderRoom;
    private final int[] senderLocal;
    private final int sendersPerRoom;
    private final int[] trackedPerRoom;
    private final int[] senderOf;

    private Topology(int[] roomOf, String[] roomNames, boolean[] tracked, int[] senderClient, int sendersPerRoom) {
        this.roomOf = roomOf;
        this.roomNames = roomNames;
        this.tracked = tracked;
        this.senderClient = senderClient;
        this.sendersPerRoom = sendersPerRoom;
        senderOf = new int[roomOf.length];
        Arrays.fill(senderOf, -1);
        senderRoom = new int[senderClient.length];
        senderLocal = new int[senderClient.length];
        int[] seen = new int[roomNames.length];
        for (int s = 0; s < senderClient.length; s++) {
            senderRoom[s] = roomOf[senderClient[s]];
            senderLocal[s] = seen[senderRoom[s]]++;
            senderOf[senderClient[s]] = s;
        }
        trackedPerRoom = new int[roomNames.length];
        boolean[] all = new boolean[roomOf.length];
        Arrays.fill(all, true);
        recount(all);
    }

    /**
     * One room of {@code clients} tracked clients plus {@code untracked} (slow) clients after them; the first
     * {@code senders} clients send. {@code room} is the room name to request, or null for the server's default.
     */
    public static Topology oneRoom(int clients, int senders, int untracked, String room) {
        int n = clients + untracked;
        boolean[] tracked = new boolean[n];
        Arrays.fill(tracked, 0, clients, true);
        int[] senderClient = new int[senders];
        for (int s = 0; s < senders; s++) {
            senderClient[s] = s;
        }
        return new Topology(new int[n], new String[] {room}, tracked, senderClient, senders);
    }

    /** {@code rooms} rooms named prefix0.. of {@code size} members each; the first {@code perRoom} of each send. */
    public static Topology rooms(int rooms, int size, int perRoom, String prefix) {
        int[] roomOf = new int[rooms * size];
        String[] names = new String[rooms];
        int[] senderClient = new int[rooms * perRoom];
        for (int r = 0; r < rooms; r++) {
            names[r] = prefix + r;
            for (int k = 0; k < size; k++) {
                roomOf[r * size + k] = r;
            }
            for (int k = 0; k < perRoom; k++) {
                senderClient[r * perRoom + k] = r * size + k;
            }
        }
        boolean[] tracked = new boolean[roomOf.length];
        Arrays.fill(tracked, true);
        return new Topology(roomOf, names, tracked, senderClient, perRoom);
    }

    /** Recomputes tracked receivers per room counting only {@code connected} clients. */
    public void recount(boolean[] connected) {
        Arrays.fill(trackedPerRoom, 0);
        for (int c = 0; c < roomOf.length; c++) {
            if (tracked[c] && connected[c]) {
                trackedPerRoom[roomOf[c]]++;
            }
        }
    }

    /** Returns deliveries expected per message sent in each room (tracked members, minus the sender unless echoed). */
    public int[] recipients(boolean echo) {
        int[] r = new int[trackedPerRoom.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.max(0, trackedPerRoom[i] - (echo ? 0 : 1));
        }
        return r;
    }

    public int clients() { return roomOf.length; }
    public int rooms() { return roomNames.length; }
    public int senders() { return senderClient.length; }
    public int sendersPerRoom() { return sendersPerRoom; }
    public int roomOf(int client) { return roomOf[client]; }
    public String roomName(int room) { return roomNames[room]; }
    public String[] roomNames() { return roomNames.clone(); }
    public boolean tracked(int client) { return tracked[client]; }
    public int senderClient(int sender) { return senderClient[sender]; }
    public int senderRoom(int sender) { return senderRoom[sender]; }
    public int senderLocal(int sender) { return senderLocal[sender]; }

    /** Returns the sender id of {@code client}, or -1. */
    public int senderIdOf(int client) {
        return senderOf[client];
    }
}
