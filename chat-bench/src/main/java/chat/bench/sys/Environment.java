package chat.bench.sys;

/** Where a run happened: recorded in the JSON report next to the figures. */
public record Environment(int cores, String jvm, String os, String transport, int threads, long clockTicks,
                          String benchVersion, String startedAt) {

    /** Captures the current environment for a run on {@code transport} with {@code threads} event loops. */
    public static Environment capture(String transport, int threads) {
        String version = Environment.class.getPackage().getImplementationVersion();
        return new Environment(Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                transport, threads, ProcReader.clockTicks(), version == null ? "dev" : version,
                java.time.Instant.now().toString());
    }
}
