package chat.server.cluster;

/** What the {@link ClusterLink} tells the hub. Called on Lettuce's or the link's own thread: hop to an event loop. */
public interface ClusterListener {
    /** An event for {@code room} from another node. */
    void roomEvent(String room, RemoteEvent event);

    /** A direct message for a user connected to this node. */
    void direct(RemoteEvent.Direct event);

    /** {@code node} stopped heartbeating: its members are gone, and it may have left messages unannounced. */
    void nodeGone(String node);

    /**
     * Redis is reachable again after an outage (or forgot this node, or a registration did not reach it):
     * re-announce names and members in full, and catch up every room from the store. Idempotent.
     */
    void reconnected();
}
