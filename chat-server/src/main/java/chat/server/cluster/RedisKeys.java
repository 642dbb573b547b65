package chat.server.cluster;

import java.util.Locale;

/**
 * Names of the cluster's Redis keys and channels, all under the cluster name ({@code --cluster-name}), so
 * several clusters (or test runs) can share one Redis:
 * <pre>
 *   P:room:ROOM            channel: events of ROOM (messages, joins/leaves, typing)
 *   P:node:NODE            channel: direct messages for users on NODE
 *   P:nodes                set of node ids;   P:alive:NODE  heartbeat key with a TTL
 *   P:rooms                set of rooms with members anywhere
 *   P:rn:ROOM              set of nodes with members in ROOM;   P:rm:ROOM:NODE  set of NODE's names in ROOM
 *   P:nr:NODE              set of rooms NODE has members in (for cleanup after NODE dies)
 *   P:user:LOWERNAME       hash node → connections of that name on the node
 *   P:nu:NODE              set of lower-cased names connected to NODE (for cleanup)
 * </pre>
 * Scripts build some of these keys themselves, so this layout needs a single Redis (or Sentinel), not Redis Cluster.
 */
final class RedisKeys {
    final String prefix;

    RedisKeys(String clusterName) {
        this.prefix = clusterName;
    }

    String roomChannel(String room) {
        return prefix + ":room:" + room;
    }

    /** Returns the room of a room channel, or {@code null} for another channel. */
    String roomOf(String channel) {
        String start = prefix + ":room:";
        return channel.startsWith(start) ? channel.substring(start.length()) : null;
    }

    String nodeChannel(String node) {
        return prefix + ":node:" + node;
    }

    String nodes() {
        return prefix + ":nodes";
    }

    String alive(String node) {
        return prefix + ":alive:" + node;
    }

    String rooms() {
        return prefix + ":rooms";
    }

    String roomNodes(String room) {
        return prefix + ":rn:" + room;
    }

    String roomMembers(String room, String node) {
        return prefix + ":rm:" + room + ":" + node;
    }

    String nodeRooms(String node) {
        return prefix + ":nr:" + node;
    }

    String user(String name) {
        return prefix + ":user:" + lower(name);
    }

    String nodeUsers(String node) {
        return prefix + ":nu:" + node;
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
