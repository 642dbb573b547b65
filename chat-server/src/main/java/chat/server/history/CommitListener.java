package chat.server.history;

/** Told about each committed batch (for statistics). Called on the store writer thread. */
@FunctionalInterface
public interface CommitListener {
    void committed(int messages, long nanos);
}
