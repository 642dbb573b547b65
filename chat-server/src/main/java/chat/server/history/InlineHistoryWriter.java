package chat.server.history;

import chat.server.store.HistoryStore;
import chat.server.store.StoreException;

import java.util.List;

/**
 * For the in-memory store ({@code --store none}): appending is a non-blocking ring insert, so it runs
 * right on the room's executor and the message is shown in the same turn — no writer thread, no hop.
 */
final class InlineHistoryWriter implements HistoryWriter {
    private final HistoryStore store;

    InlineHistoryWriter(HistoryStore store) {
        this.store = store;
    }

    @Override
    public boolean submit(PendingWrite w) {
        try {
            store.append(w.message() == null ? List.of() : List.of(w.message()),
                    w.direct() == null ? List.of() : List.of(w.direct()));
        } catch (StoreException e) {
            return false;
        }
        w.onCommitted().accept(w.message());
        return true;
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public int queued() {
        return 0;
    }

    @Override
    public void close() {
    }
}
