package chat.bench.stats;

import io.netty.buffer.ByteBuf;

/**
 * The delivery marker {@code ~b:<run>:<sender>:<seq>:<nanos>~} embedded in every bench message. It uses
 * only ASCII characters that JSON never escapes, so it survives a server wrapping the text in an envelope
 * ({@code {"name":"b3","message":"~b:42:3:17:123~xxx"}}); receivers find it with a byte scan, without
 * decoding the frame to a String. {@code run} is a random id per bench run, so markers of earlier runs that
 * a server replays (history in a {@code joined} frame) are recognised and ignored.
 */
public final class Marker {
    static final byte TILDE = '~';
    private static final int MAX_DIGITS = 19;

    private Marker() {
    }

    /** Writes the marker for (run, sender, seq, nanos) at the buffer's writer index; all values must be >= 0. */
    public static void write(ByteBuf buf, int run, int sender, long seq, long nanos) {
        buf.writeByte(TILDE).writeByte('b').writeByte(':');
        writeDecimal(buf, run);
        buf.writeByte(':');
        writeDecimal(buf, sender);
        buf.writeByte(':');
        writeDecimal(buf, seq);
        buf.writeByte(':');
        writeDecimal(buf, nanos);
        buf.writeByte(TILDE);
    }

    /** Returns the encoded length of the marker for these values. */
    public static int length(int run, int sender, long seq, long nanos) {
        return 7 + digits(run) + digits(sender) + digits(seq) + digits(nanos);
    }

    /**
     * Scans the readable bytes of {@code buf} for the first well-formed marker; fills {@code hit} and
     * returns true when found. Does not move the reader index.
     */
    public static boolean scan(ByteBuf buf, MarkerHit hit) {
        int end = buf.writerIndex();
        int i = buf.readerIndex();
        while (i < end) {
            int t = buf.indexOf(i, end, TILDE);
            if (t < 0) {
                return false;
            }
            if (parseAt(buf, t, end, hit)) {
                return true;
            }
            i = t + 1;
        }
        return false;
    }

    private static boolean parseAt(ByteBuf buf, int t, int end, MarkerHit hit) {
        int p = t + 1;
        if (p + 2 > end || buf.getByte(p) != 'b' || buf.getByte(p + 1) != ':') {
            return false;
        }
        p = parseNumber(buf, p + 2, end, ':', hit);
        if (p < 0 || hit.scratch > Integer.MAX_VALUE) {
            return false;
        }
        int run = (int) hit.scratch;
        p = parseNumber(buf, p, end, ':', hit);
        if (p < 0 || hit.scratch > Integer.MAX_VALUE) {
            return false;
        }
        int sender = (int) hit.scratch;
        p = parseNumber(buf, p, end, ':', hit);
        if (p < 0) {
            return false;
        }
        long seq = hit.scratch;
        p = parseNumber(buf, p, end, TILDE, hit);
        if (p < 0) {
            return false;
        }
        hit.run = run;
        hit.sender = sender;
        hit.seq = seq;
        hit.sentNanos = hit.scratch;
        return true;
    }

    /** Parses digits up to {@code stop} into {@code hit.scratch}; returns the index after the stop byte, or -1. */
    private static int parseNumber(ByteBuf buf, int p, int end, int stop, MarkerHit hit) {
        long v = 0;
        int n = 0;
        while (p < end) {
            byte b = buf.getByte(p++);
            if (b == stop) {
                if (n == 0) {
                    return -1;
                }
                hit.scratch = v;
                return p;
            }
            if (b < '0' || b > '9' || ++n > MAX_DIGITS - 1) {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return -1;
    }

    static void writeDecimal(ByteBuf buf, long v) {
        int n = digits(v);
        buf.ensureWritable(n);
        int w = buf.writerIndex();
        for (int i = w + n - 1; i >= w; i--) {
            buf.setByte(i, (int) ('0' + v % 10));
            v /= 10;
        }
        buf.writerIndex(w + n);
    }

    static int digits(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("value: " + v + " (expected: >= 0)");
        }
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }
}
