package chat.bench;

/** The load shapes chat-bench can run; see docs/bench-usage.md for what each one reports. */
public enum Scenario {
    /** Open N connections at a ramp rate, hold them, report connect times and memory. */
    CONNECT,
    /** N clients in one room, S senders at an aggregate rate: delivery latency and correctness. */
    BROADCAST,
    /** M rooms of K members, traffic in every room, per-room correctness. */
    ROOMS,
    /** Broadcast plus K clients that stop reading: what the server does with them. */
    SLOW;

    /** Returns the lower-case name used on the command line. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
