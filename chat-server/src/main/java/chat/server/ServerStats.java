package chat.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * Lock-free counters of what the server did, for {@code /healthz}, logs and tests.
 * {@link LongAdder} keeps increments off any shared cache line on the hot path.
 */
public final class ServerStats {
    public final LongAdder connectionsOpened = new LongAdder();
    public final LongAdder connectionsClosed = new LongAdder();
    public final LongAdder messagesIn = new LongAdder();
    public final LongAdder messagesPosted = new LongAdder();
    public final LongAdder deliveries = new LongAdder();
    public final LongAdder ephemeralDropped = new LongAdder();
    public final LongAdder slowConsumerCloses = new LongAdder();
    public final LongAdder rateLimited = new LongAdder();
    public final LongAdder abuseCloses = new LongAdder();
    public final LongAdder badRequests = new LongAdder();
    public final LongAdder originRejected = new LongAdder();
    public final LongAdder authFailures = new LongAdder();
    public final LongAdder connectionLimitRejected = new LongAdder();
    public final LongAdder badHttpRequests = new LongAdder();
    public final LongAdder storeRejected = new LongAdder();
    public final LongAdder storeErrors = new LongAdder();
    public final LongAdder storeCommits = new LongAdder();
    public final LongAdder storeCommittedMessages = new LongAdder();
    public final LongAdder storeCommitNanos = new LongAdder();
}
