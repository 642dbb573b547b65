package chat.server.cluster;

import chat.server.protocol.ChatMessage;
import chat.server.store.DirectMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Events between nodes survive the trip through Redis unchanged, and bad ones are refused. */
class ClusterCodecTest {

    @Test
    void roomEventsRoundTrip() {
        ChatMessage m = new ChatMessage("dev", 42, 1700000000123L, "Zoë", "hi \"there\"\n<b>é😀</b>");
        assertEquals(new RemoteEvent.Message("n1", m), ClusterCodec.parse(ClusterCodec.message("n1", m), "dev"));
        assertEquals(new RemoteEvent.Member("n2", "bob", true), ClusterCodec.parse(ClusterCodec.member("n2", "bob", true), "dev"));
        assertEquals(new RemoteEvent.Member("n2", "bob", false), ClusterCodec.parse(ClusterCodec.member("n2", "bob", false), "dev"));
        assertEquals(new RemoteEvent.Members("n3", List.of("a", "b")), ClusterCodec.parse(ClusterCodec.members("n3", List.of("a", "b")), "dev"));
        assertEquals(new RemoteEvent.Members("n3", List.of()), ClusterCodec.parse(ClusterCodec.members("n3", List.of()), "dev"));
        assertEquals(new RemoteEvent.Typing("n1", "al"), ClusterCodec.parse(ClusterCodec.typing("n1", "al"), "dev"));
    }

    @Test
    void directMessagesRoundTrip() {
        DirectMessage d = new DirectMessage(0, 5L, "alice", "bob", "psst");
        assertEquals(new RemoteEvent.Direct("n1", d), ClusterCodec.parse(ClusterCodec.direct("n1", d), null));
    }

    @Test
    void unknownFieldsAreIgnoredSoNewerNodesCanAddSome() {
        assertEquals(new RemoteEvent.Typing("n1", "al"),
                ClusterCodec.parse("{\"k\":\"t\",\"n\":\"n1\",\"u\":\"al\",\"future\":{\"x\":[1,2]}}", "dev"));
    }

    @Test
    void badEventsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClusterCodec.parse("not json", "dev"));
        assertThrows(IllegalArgumentException.class, () -> ClusterCodec.parse("[1]", "dev"));
        assertThrows(IllegalArgumentException.class, () -> ClusterCodec.parse("{\"k\":\"m\"}", "dev"));
        assertThrows(IllegalArgumentException.class, () -> ClusterCodec.parse("{\"k\":\"?\",\"n\":\"n1\"}", "dev"));
    }

    @Test
    void ownAnnouncementsAreRecognisedWithoutParsing() {
        ChatMessage m = new ChatMessage("dev", 1, 2, "a", "b");
        org.junit.jupiter.api.Assertions.assertTrue(ClusterCodec.isFrom(ClusterCodec.message("n1", m), "n1"));
        org.junit.jupiter.api.Assertions.assertTrue(ClusterCodec.isFrom(ClusterCodec.typing("n1", "x"), "n1"));
        org.junit.jupiter.api.Assertions.assertFalse(ClusterCodec.isFrom(ClusterCodec.message("n10", m), "n1"), "a prefix is not the node");
        org.junit.jupiter.api.Assertions.assertFalse(ClusterCodec.isFrom(ClusterCodec.message("n1", m), "n10"));
        org.junit.jupiter.api.Assertions.assertFalse(ClusterCodec.isFrom("{}", "n1"));
    }
}
