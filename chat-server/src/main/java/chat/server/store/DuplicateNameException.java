package chat.server.store;

/** An account with the same name, compared case-insensitively, already exists. */
public final class DuplicateNameException extends StoreException {
    public DuplicateNameException(String name) {
        super("name already taken: " + name);
    }
}
