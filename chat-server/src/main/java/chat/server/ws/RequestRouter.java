package chat.server.ws;

import chat.server.hub.Hub;
import chat.server.hub.Session;
import chat.server.protocol.ClientRequest;
import chat.server.protocol.ErrorCode;
import chat.server.protocol.ProtocolException;

/**
 * Carries out one decoded request for a session: checks what only the connection knows (membership,
 * room count) and hands the rest to the {@link Hub}. Stateless: one instance serves every connection,
 * each call on that session's event loop.
 */
public final class RequestRouter {
    /** Page size of {@code history} when the client gives no {@code limit}. */
    static final int DEFAULT_HISTORY_LIMIT = 50;

    private final Hub hub;
    private final int maxRooms;

    public RequestRouter(Hub hub, int maxRoomsPerConnection) {
        this.hub = hub;
        this.maxRooms = maxRoomsPerConnection;
    }

    void route(Session s, ClientRequest r) throws ProtocolException {
        switch (r.type()) {
            case MESSAGE -> {
                String room = r.room() == null ? s.defaultRoom() : r.room();
                requireMember(s, room, r.id());
                hub.post(s, room, r.text(), r.id());
            }
            case JOIN -> {
                if (!s.rooms().contains(r.room()) && !hub.mayJoin(s.name(), s.identity(), r.room())) {
                    throw new ProtocolException(ErrorCode.FORBIDDEN, "room " + r.room()
                            + " needs an invitation (or your credential does not allow it)", r.id());
                }
                if (!s.rooms().contains(r.room()) && s.rooms().size() >= maxRooms) {
                    throw new ProtocolException(ErrorCode.FORBIDDEN,
                            "too many rooms: at most " + maxRooms + " per connection", r.id());
                }
                hub.join(s, r.room(), r.since());
            }
            case LEAVE -> {
                requireMember(s, r.room(), r.id());
                hub.leave(s, r.room());
            }
            case DIRECT -> hub.direct(s, r.to(), r.text(), r.id());
            case TYPING -> {
                String room = r.room() == null ? s.defaultRoom() : r.room();
                requireMember(s, room, r.id());
                hub.typing(s, room, r.id());
            }
            case HISTORY -> {
                requireMember(s, r.room(), r.id());
                hub.history(s, r.room(), r.before(), r.limit() == null ? DEFAULT_HISTORY_LIMIT : r.limit(), r.id());
            }
            case ROOMS -> hub.listRooms(s);
            case PING -> s.send(hub.encoder().pong(r.id()));
            case INVITE -> {
                requireMember(s, r.room(), r.id());
                hub.invite(s, r.room(), r.name(), r.id());
            }
            case AUTH -> throw new IllegalStateException("auth requests are handled by ChatSessionHandler");
        }
    }

    private static void requireMember(Session s, String room, String id) throws ProtocolException {
        if (!s.rooms().contains(room)) {
            throw new ProtocolException(ErrorCode.NOT_MEMBER, "not a member of room " + room, id);
        }
    }
}
