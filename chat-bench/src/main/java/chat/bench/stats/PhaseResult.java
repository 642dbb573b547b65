package chat.bench.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Every figure of one measured window. {@code expected} = sent × recipients (room members minus the
 * sender, unless echo is expected); {@code lost} = expected − delivered (first-time deliveries);
 * duplicates, wrong-room deliveries and unexpected echoes are counted apart and never as delivered.
 * Latencies are from the intended send time (see docs/bench-usage.md, coordinated omission).
 */
public record PhaseResult(String label, double targetRate, double windowSeconds, long sent, long notSent,
                          long expected, long delivered, long lost, long duplicates, long outOfOrder, long late,
                          long wrongRoom, long echoes, double sentPerSec, double deliveriesPerSec,
                          LatencySummary latency, LatencySummary allDelivered, long broadcastsComplete,
                          long broadcastsIncomplete, LatencySummary sendLag, ServerUsage server,
                          double benchCpuSeconds, List<RoomResult> rooms) {

    /**
     * Summarizes a closed measurement. {@code recipients[r]} is the number of deliveries expected per
     * message sent in room r; {@code roomNames} labels the rooms (only listed when there is more than one).
     */
    public static PhaseResult from(Measurement m, String label, double targetRate, int[] recipients,
                                   String[] roomNames, ServerUsage server, double benchCpuSeconds) {
        double seconds = (m.windowEnd() - m.windowStart()) / 1e9;
        long expected = 0;
        List<RoomResult> rooms = new ArrayList<>();
        for (int r = 0; r < recipients.length; r++) {
            long sent = m.roomSent[r].sum();
            long exp = sent * recipients[r];
            long got = m.roomDelivered[r].sum();
            expected += exp;
            if (recipients.length > 1) {
                rooms.add(new RoomResult(roomNames[r], recipients[r], sent, exp, got, Math.max(0, exp - got),
                        m.roomDuplicates[r].sum(), m.roomWrong[r].sum()));
            }
        }
        long sent = m.sent.sum();
        long delivered = m.delivered.sum();
        long completed = m.broadcasts.completed();
        return new PhaseResult(label, targetRate, seconds, sent, m.notSent.sum(), expected, delivered,
                Math.max(0, expected - delivered), m.duplicates.sum(), m.outOfOrder.sum(), m.late.sum(),
                m.wrongRoom.sum(), m.echoes.sum(), round(sent / seconds), round(delivered / seconds),
                LatencySummary.of(m.latency.total()), LatencySummary.of(m.allDelivered.total()), completed,
                Math.max(0, sent - completed), LatencySummary.of(m.sendLag.total()), server,
                round(benchCpuSeconds), List.copyOf(rooms));
    }

    /** Returns true when every expected delivery arrived exactly once, in the right room. */
    public boolean exact() {
        return lost == 0 && delivered == expected && duplicates == 0 && wrongRoom == 0 && echoes == 0;
    }

    static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
