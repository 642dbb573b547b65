package chat.server.hub;

import chat.server.ServerStats;
import chat.server.protocol.ChatMessage;
import chat.server.protocol.EventEncoder;
import chat.server.protocol.WireFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery classes and coalescing of one shard, on {@link EmbeddedChannel}s (which write synchronously). */
class LoopShardTest {
    private final EventEncoder encoder = new EventEncoder(ByteBufAllocator.DEFAULT, "t");
    private final ServerStats stats = new ServerStats();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    private Session member(String name) {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        return new Session(ch, name, "r", 1 << 20, 1000, stats);
    }

    private static List<String> received(Session s) {
        EmbeddedChannel ch = (EmbeddedChannel) s.channel();
        List<String> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf frames = (ByteBuf) o;
            try {
                while (frames.isReadable()) { // a flush may carry several frames in one buffer
                    int len = frames.getUnsignedByte(frames.readerIndex() + 1) & 0x7F;
                    int header = len < 126 ? 2 : 4;
                    len = len < 126 ? len : frames.getUnsignedShort(frames.readerIndex() + 2);
                    ByteBuf one = frames.readSlice(header + len);
                    out.add(WireFrames.payload(one).toString(StandardCharsets.UTF_8));
                }
            } finally {
                frames.release();
            }
        }
        return out;
    }

    private Outgoing message(Session sender, long seq) {
        ChatMessage m = new ChatMessage("r", seq, 1, sender.name(), "m" + seq);
        return new Outgoing(encoder.message(m), false, sender, encoder.ack("id" + seq, "r", seq, 1));
    }

    private Outgoing presence() {
        return new Outgoing(encoder.presence("r", List.of("x"), List.of()), true, null, null);
    }

    @AfterEach
    void finish() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    // Each EmbeddedChannel has its own loop; in the server a sender always lives on its shard's loop,
    // so these tests build the shard on the sender's loop.

    @Test
    void senderGetsItsAckInsteadOfItsMessageAndOthersGetTheMessage() {
        Session alice = member("alice");
        Session bob = member("bob");
        LoopShard shard = new LoopShard(alice.loop(), 0, 1 << 16);
        shard.add(alice, Unpooled.EMPTY_BUFFER);
        shard.add(bob, Unpooled.EMPTY_BUFFER);
        received(alice);
        received(bob);
        shard.deliverAndRelease(List.of(message(alice, 1), presence(), message(alice, 2)));
        List<String> a = received(alice);
        List<String> b = received(bob);
        assertEquals(3, a.size(), a.toString());
        assertTrue(a.get(0).startsWith("{\"type\":\"ack\",\"id\":\"id1\""), a.get(0));
        assertTrue(a.get(1).contains("\"type\":\"presence\""), a.get(1));
        assertTrue(a.get(2).startsWith("{\"type\":\"ack\",\"id\":\"id2\""), a.get(2));
        assertEquals(3, b.size(), b.toString());
        assertTrue(b.get(0).contains("\"text\":\"m1\""), b.get(0));
        assertTrue(b.get(2).contains("\"text\":\"m2\""), b.get(2));
    }

    @Test
    void ephemeralEventsAreDroppedForABackedUpMemberButChatFramesAreNot() {
        Session slow = member("slow");
        Session fine = member("fine");
        Session sender = member("sender");
        LoopShard shard = new LoopShard(sender.loop(), 0, 1 << 16);
        shard.add(slow, Unpooled.EMPTY_BUFFER);
        shard.add(fine, Unpooled.EMPTY_BUFFER);
        shard.add(sender, Unpooled.EMPTY_BUFFER);
        received(slow);
        // Back the slow member up: tiny water marks and an unflushed write make it unwritable.
        EmbeddedChannel slowCh = (EmbeddedChannel) slow.channel();
        slowCh.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        slowCh.write(Unpooled.wrappedBuffer(new byte[64]));
        assertFalse(slowCh.isWritable());
        shard.deliverAndRelease(List.of(presence(), message(sender, 1)));
        ((ByteBuf) slowCh.readOutbound()).release(); // the 64 bytes that backed it up
        List<String> toSlow = received(slow);
        assertEquals(1, toSlow.size(), toSlow.toString());
        assertTrue(toSlow.get(0).contains("\"type\":\"message\""), toSlow.toString());
        assertEquals(1, stats.ephemeralDropped.sum());
        List<String> toFine = received(fine);
        assertEquals(2, toFine.size());
        assertTrue(toFine.get(0).contains("\"type\":\"presence\""));
    }

    @Test
    void aBusyShardCoalescesFlushesAndAJoinFlushesFirst() {
        Session early = member("early");
        Session sender = member("sender");
        LoopShard shard = new LoopShard(sender.loop(), 60_000_000_000L, 1 << 16);
        shard.add(early, Unpooled.EMPTY_BUFFER);
        shard.add(sender, Unpooled.EMPTY_BUFFER);
        received(early);
        shard.deliverAndRelease(List.of(message(sender, 1))); // first after a quiet interval: flushed at once
        assertEquals(1, received(early).size());
        shard.deliverAndRelease(List.of(message(sender, 2)));
        shard.deliverAndRelease(List.of(message(sender, 3)));
        assertEquals(0, received(early).size(), "held until the interval ends");
        Session late = member("late");
        shard.add(late, Unpooled.EMPTY_BUFFER); // flushes 2 and 3 to the members before late joins
        assertEquals(2, received(early).size());
        assertEquals(0, received(late).size(), "a joiner never gets what predates its join");
        assertEquals(3, received(sender).size(), "the sender's acks");
    }
}
