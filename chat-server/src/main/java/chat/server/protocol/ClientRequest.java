package chat.server.protocol;

/**
 * One decoded client request. Fields a type does not use are {@code null}.
 *
 * @param type   the request type
 * @param id     opaque client id (at most {@value RequestDecoder#MAX_ID_LENGTH} chars), echoed in replies
 * @param text   message text ({@code message}, {@code direct})
 * @param room   target room; {@code null} means the connection's default room
 * @param to     recipient name ({@code direct})
 * @param name   the invited user ({@code invite})
 * @param token  credential ({@code auth})
 * @param since  resume point ({@code join})
 * @param before paging cursor ({@code history})
 * @param limit  page size ({@code history})
 */
public record ClientRequest(RequestType type, String id, String text, String room, String to, String name,
                            String token, Long since, Long before, Integer limit) {

    /** Returns a chat message to the default room, as sent by a seed (plain text) client. */
    static ClientRequest plainText(String text) {
        return new ClientRequest(RequestType.MESSAGE, null, text, null, null, null, null, null, null, null);
    }
}
