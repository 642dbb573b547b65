package chat.server.store;

/** The store could not do what was asked (unreachable, constraint violated, schema too new, …); see {@link DuplicateNameException}. */
public class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
