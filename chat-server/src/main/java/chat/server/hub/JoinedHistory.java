package chat.server.hub;

import chat.server.protocol.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/** Assembles the {@code messages} of a {@code joined} reply from the store's answer and the in-memory window. */
final class JoinedHistory {
    /** JSON overhead of one message beyond its text (field names, seq, ts, sender). */
    private static final int MESSAGE_OVERHEAD = 96;

    private JoinedHistory() {
    }

    /**
     * Returns the messages with {@code from <= seq <= upTo}, ascending, without duplicates: those read from
     * the store ({@code stored}, may be {@code null}) followed by newer ones from the window.
     */
    static List<ChatMessage> merge(List<ChatMessage> stored, List<ChatMessage> window, long from, long upTo) {
        List<ChatMessage> out = new ArrayList<>();
        long last = from - 1;
        for (List<ChatMessage> source : stored == null ? List.of(window) : List.of(stored, window)) {
            for (ChatMessage m : source) {
                if (m.seq() > last && m.seq() <= upTo) {
                    out.add(m);
                    last = m.seq();
                }
            }
        }
        return out;
    }

    /**
     * Returns the newest messages whose worst-case encoded size fits {@code budgetBytes} (every char of
     * text may take 6 bytes as a JSON escape), so a {@code joined} reply never trips the joiner's own
     * outbound limit. A trimmed list no longer starts right after {@code since}: the reply then says
     * {@code recovered:false} and the client pages back with {@code history}.
     */
    static List<ChatMessage> withinBudget(List<ChatMessage> messages, long budgetBytes) {
        long used = 0;
        int keepFrom = messages.size();
        while (keepFrom > 0) {
            ChatMessage m = messages.get(keepFrom - 1);
            long size = MESSAGE_OVERHEAD + 6L * (m.text().length() + m.from().length());
            if (used + size > budgetBytes) {
                break;
            }
            used += size;
            keepFrom--;
        }
        return keepFrom == 0 ? messages : messages.subList(keepFrom, messages.size());
    }
}
