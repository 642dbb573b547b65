package chat.bench.stats;

import java.util.BitSet;

/**
 * Duplicate and order detection for one (sender → receiver) stream of sequence numbers starting at 0.
 * The in-order path costs one comparison and no memory; only when a gap appears does it allocate a
 * {@link BitSet} of the missing numbers (relative to {@code base}), so a later arrival can be told apart
 * as out-of-order (it was missing) or duplicate (it was not). Gaps older than {@link #WINDOW} numbers are
 * forgotten to bound memory; a message arriving that late is reported as {@link Delivery#LATE}.
 * Confined to the receiver's event loop.
 */
public final class StreamTracker {
    /** How far back (in sequence numbers) gaps are remembered. */
    public static final int WINDOW = 1 << 16;
    /** A jump larger than this is treated as a corrupt marker rather than a gap. */
    static final long MAX_JUMP = 1L << 24;

    private long next;
    private BitSet missing;
    private long base;
    private long forgottenBelow;

    /** Classifies {@code seq}, updates the state, and returns the classification; null for a corrupt jump. */
    public Delivery accept(long seq) {
        if (seq == next) {
            next++;
            return Delivery.IN_ORDER;
        }
        if (seq > next) {
            if (seq - next > MAX_JUMP) {
                return null;
            }
            markMissing(next, seq);
            next = seq + 1;
            return Delivery.IN_ORDER;
        }
        if (seq < forgottenBelow) {
            return Delivery.LATE;
        }
        if (missing != null && seq >= base && missing.get((int) (seq - base))) {
            missing.clear((int) (seq - base));
            return Delivery.OUT_OF_ORDER;
        }
        return Delivery.DUPLICATE;
    }

    /** Returns how many sequence numbers below the highest seen are still missing (within the window). */
    public long missing() {
        return missing == null ? 0 : missing.cardinality();
    }

    private void markMissing(long from, long to) {
        if (missing == null || missing.isEmpty()) {
            missing = new BitSet();
            base = from;
        }
        if (to - base > WINDOW) {
            rebase(Math.max(base, to - WINDOW / 2));
        }
        missing.set((int) (Math.max(from, base) - base), (int) (to - base));
    }

    private void rebase(long newBase) {
        int shift = (int) (newBase - base);
        missing = missing.get(shift, Math.max(shift, missing.length()));
        base = newBase;
        forgottenBelow = newBase;
    }
}
