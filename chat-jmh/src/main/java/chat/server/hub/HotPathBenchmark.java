package chat.server.hub;

import chat.server.ServerStats;
import chat.server.protocol.ChatMessage;
import chat.server.protocol.ClientRequest;
import chat.server.protocol.EventEncoder;
import chat.server.protocol.RequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The per-message hot path, step by step and whole: decode the client's frame, assign the seq, encode
 * the broadcast once (pre-framed), and write it to K members through a {@link LoopShard} (retained
 * duplicate per member, one flush each). Members are {@link EmbeddedChannel}s, whose outbound queues
 * are drained (and released) after each delivery.
 *
 * <p>Run: {@code java -jar chat-jmh/target/benchmarks.jar -prof gc} — {@code gc.alloc.rate.norm} is
 * bytes allocated per operation, i.e. per message (per K deliveries for the fan-out benchmarks).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmark {
    @Param({"100", "1000"})
    int members;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final EventEncoder encoder = new EventEncoder(alloc, "bench");
    private final RequestDecoder decoder = new RequestDecoder(4096);
    private final ServerStats stats = new ServerStats();
    private ByteBuf inbound;
    private LoopShard shard;
    private List<EmbeddedChannel> channels;
    private Session sender;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() {
        inbound = Unpooled.directBuffer().writeBytes(
                "{\"type\":\"message\",\"text\":\"~b:3:17:123456789~ a typical chat line of about a hundred bytes...\",\"id\":\"c42\"}"
                        .getBytes(StandardCharsets.UTF_8));
        channels = new ArrayList<>();
        EmbeddedChannel first = new EmbeddedChannel();
        shard = new LoopShard(first.eventLoop(), 0, Integer.MAX_VALUE); // flush every message: the worst case
        for (int i = 0; i < members; i++) {
            EmbeddedChannel ch = i == 0 ? first : new EmbeddedChannel();
            channels.add(ch);
            Session s = new Session(ch, "m" + i, "lobby", Long.MAX_VALUE, 1000, stats);
            shard.add(s, Unpooled.EMPTY_BUFFER);
            ch.releaseOutbound();
            if (i == 0) {
                sender = s;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        inbound.release();
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Benchmark
    public ClientRequest decode() throws Exception {
        return decoder.decode(inbound);
    }

    @Benchmark
    public void encodeOnce(Blackhole bh) {
        ByteBuf frame = encoder.message(new ChatMessage("lobby", ++seq, 1_700_000_000_000L, "alice",
                "~b:3:17:123456789~ a typical chat line of about a hundred bytes..."));
        bh.consume(frame.readableBytes());
        frame.release();
    }

    /**
     * Baseline: what {@link EmbeddedChannel} itself costs per delivery — a retained duplicate written and
     * flushed to each channel, then drained. {@link #wholeMessage} minus this is the server's own work.
     */
    @Benchmark
    public void embeddedWriteBaseline() {
        ByteBuf frame = encoder.pong(null);
        for (int i = 0, n = channels.size(); i < n; i++) {
            EmbeddedChannel ch = channels.get(i);
            ch.writeAndFlush(frame.retainedDuplicate(), ch.voidPromise());
            ch.releaseOutbound();
        }
        frame.release();
    }

    /** Decode, seq, encode once + ack, and deliver to every member: the whole per-message server work. */
    @Benchmark
    public void wholeMessage() throws Exception {
        ClientRequest r = decoder.decode(inbound);
        ChatMessage m = new ChatMessage("lobby", ++seq, System.currentTimeMillis(), sender.name(), r.text());
        Outgoing o = new Outgoing(encoder.message(m), false, sender, encoder.ack(r.id(), "lobby", m.seq(), m.ts()));
        shard.deliverAndRelease(List.of(o));
        for (int i = 0, n = channels.size(); i < n; i++) {
            channels.get(i).releaseOutbound();
        }
    }
}
