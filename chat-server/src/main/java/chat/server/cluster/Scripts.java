package chat.server.cluster;

/**
 * The Lua scripts of cluster mode. Each runs atomically in Redis, so a membership change and its announcement
 * ({@code PUBLISH}) happen together: a node that reads a snapshot and then listens misses nothing in between.
 */
final class Scripts {
    private Scripts() {
    }

    /** KEYS: rm, rn, nr, rooms. ARGV: node, room, name, channel, event. */
    static final String JOIN = """
            redis.call('SADD', KEYS[1], ARGV[3])
            redis.call('SADD', KEYS[2], ARGV[1])
            redis.call('SADD', KEYS[3], ARGV[2])
            redis.call('SADD', KEYS[4], ARGV[2])
            redis.call('PUBLISH', ARGV[4], ARGV[5])
            return 1
            """;

    /** KEYS: rm, rn, nr, rooms. ARGV: node, room, name, channel, event. Returns how many names the node has left there. */
    static final String LEAVE = """
            redis.call('SREM', KEYS[1], ARGV[3])
            if redis.call('SCARD', KEYS[1]) == 0 then
              redis.call('SREM', KEYS[2], ARGV[1])
              redis.call('SREM', KEYS[3], ARGV[2])
              if redis.call('SCARD', KEYS[2]) == 0 then redis.call('SREM', KEYS[4], ARGV[2]) end
            end
            redis.call('PUBLISH', ARGV[4], ARGV[5])
            return redis.call('SCARD', KEYS[1])
            """;

    /** Replaces a node's names in a room. KEYS: rm, rn, nr, rooms. ARGV: node, room, channel, event, names... */
    static final String SYNC = """
            redis.call('DEL', KEYS[1])
            if #ARGV > 4 then
              for i = 5, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end
              redis.call('SADD', KEYS[2], ARGV[1])
              redis.call('SADD', KEYS[3], ARGV[2])
              redis.call('SADD', KEYS[4], ARGV[2])
            else
              redis.call('SREM', KEYS[2], ARGV[1])
              redis.call('SREM', KEYS[3], ARGV[2])
              if redis.call('SCARD', KEYS[2]) == 0 then redis.call('SREM', KEYS[4], ARGV[2]) end
            end
            redis.call('PUBLISH', ARGV[3], ARGV[4])
            return 1
            """;

    /** A room's members by node: {node, {names}}, .... KEYS: rn. ARGV: prefix of rm keys (P:rm:ROOM:). */
    static final String MEMBERS = """
            local out = {}
            for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              table.insert(out, node)
              table.insert(out, redis.call('SMEMBERS', ARGV[1] .. node))
            end
            return out
            """;

    /** Every room with members and its count of distinct names: {room, n}, .... KEYS: rooms. ARGV: cluster prefix. */
    static final String ROOMS = """
            local out = {}
            for _, room in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local seen, n = {}, 0
              for _, node in ipairs(redis.call('SMEMBERS', ARGV[1] .. ':rn:' .. room)) do
                for _, name in ipairs(redis.call('SMEMBERS', ARGV[1] .. ':rm:' .. room .. ':' .. node)) do
                  if not seen[name] then seen[name] = true; n = n + 1 end
                end
              end
              if n > 0 then table.insert(out, room); table.insert(out, n) end
            end
            return out
            """;

    /**
     * Claims a name for a connection. KEYS: user, nu. ARGV: node, lower name, mode, count. Modes: {@code x} only if
     * nobody on any node has it (anonymous names), {@code s} one more connection of a shared (authenticated) name.
     * Returns 1 if claimed.
     */
    static final String CLAIM = """
            if ARGV[3] == 'x' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HINCRBY', KEYS[1], ARGV[1], tonumber(ARGV[4]))
            redis.call('SADD', KEYS[2], ARGV[2])
            return 1
            """;

    /**
     * Replaces every name this node holds with the given ones (after an outage, or a registration that failed).
     * KEYS: nu. ARGV: prefix, node, then lower name and connection count pairs.
     */
    static final String RESTORE_NAMES = """
            local p, node = ARGV[1], ARGV[2]
            for _, user in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('HDEL', p .. ':user:' .. user, node) end
            redis.call('DEL', KEYS[1])
            for i = 3, #ARGV, 2 do
              redis.call('HSET', p .. ':user:' .. ARGV[i], node, ARGV[i + 1])
              redis.call('SADD', KEYS[1], ARGV[i])
            end
            return 1
            """;

    /** Releases one connection of a name. KEYS: user, nu. ARGV: node, lower name. */
    static final String RELEASE = """
            if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then
              redis.call('HDEL', KEYS[1], ARGV[1])
              redis.call('SREM', KEYS[2], ARGV[2])
            end
            return 1
            """;

    /**
     * Heartbeat: refreshes this node's alive key and registration. KEYS: alive, nodes. ARGV: node, ttl millis.
     * Returns whether the alive key still existed (0: Redis restarted or this node was presumed dead).
     */
    static final String HEARTBEAT = """
            local existed = redis.call('EXISTS', KEYS[1])
            redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[1])
            return existed
            """;

    /** Nodes without a heartbeat, among the registered and {@code ARGV[3..]}. ARGV: prefix, this node, known... */
    static final String DEAD = """
            local dead, seen = {}, {}
            local check = redis.call('SMEMBERS', ARGV[1] .. ':nodes')
            for i = 3, #ARGV do table.insert(check, ARGV[i]) end
            for _, node in ipairs(check) do
              if node ~= ARGV[2] and not seen[node] then
                seen[node] = true
                if redis.call('EXISTS', ARGV[1] .. ':alive:' .. node) == 0 then table.insert(dead, node) end
              end
            end
            return dead
            """;

    /** Removes a dead node's members and names (idempotent). ARGV: prefix, node. */
    static final String REAP = """
            local p, node = ARGV[1], ARGV[2]
            if redis.call('EXISTS', p .. ':alive:' .. node) == 1 then return 0 end
            for _, room in ipairs(redis.call('SMEMBERS', p .. ':nr:' .. node)) do
              redis.call('DEL', p .. ':rm:' .. room .. ':' .. node)
              redis.call('SREM', p .. ':rn:' .. room, node)
              if redis.call('SCARD', p .. ':rn:' .. room) == 0 then redis.call('SREM', p .. ':rooms', room) end
            end
            redis.call('DEL', p .. ':nr:' .. node)
            for _, user in ipairs(redis.call('SMEMBERS', p .. ':nu:' .. node)) do
              redis.call('HDEL', p .. ':user:' .. user, node)
            end
            redis.call('DEL', p .. ':nu:' .. node)
            redis.call('SREM', p .. ':nodes', node)
            return 1
            """;
}
