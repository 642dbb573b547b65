package chat.bench.stats;

/**
 * The one clock of a bench process: {@link System#nanoTime()} relative to class load, so values are
 * non-negative and short in the marker. Senders and receivers share the JVM, so no clock sync is needed.
 */
public final class BenchClock {
    private static final long ORIGIN = System.nanoTime();

    private BenchClock() {
    }

    /** Returns nanoseconds since this process's bench clock origin. */
    public static long now() {
        return System.nanoTime() - ORIGIN;
    }
}
