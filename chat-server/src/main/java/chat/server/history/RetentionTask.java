package chat.server.history;

import chat.server.store.HistoryStore;
import chat.server.store.Retention;
import chat.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prunes old history at start and then every {@value #PERIOD_MINUTES} minutes, on the history service's
 * maintenance thread: never on an event loop, never in the writer's way beyond the store's own short
 * transactions. Each room's newest message always stays, so its seq never goes back.
 */
final class RetentionTask {
    private static final Logger logger = LoggerFactory.getLogger(RetentionTask.class);
    static final long PERIOD_MINUTES = 60;

    private RetentionTask() {
    }

    /** Schedules pruning of {@code store} on {@code scheduler} if it supports retention and a rule is set. */
    static void schedule(HistoryStore store, int retainDays, int retainMessages, ScheduledExecutorService scheduler) {
        if (!(store instanceof Retention retention) || (retainDays == 0 && retainMessages == 0)) {
            return;
        }
        scheduler.scheduleWithFixedDelay(() -> prune(retention, retainDays, retainMessages),
                0, PERIOD_MINUTES, TimeUnit.MINUTES);
    }

    static void prune(Retention retention, int retainDays, int retainMessages) {
        try {
            int deleted = 0;
            if (retainDays > 0) {
                deleted += retention.deleteOlderThan(System.currentTimeMillis() - Duration.ofDays(retainDays).toMillis());
            }
            if (retainMessages > 0) {
                deleted += retention.keepNewest(retainMessages);
            }
            logger.info("retention: pruned {} messages (retain-days {}, retain-messages {})",
                    deleted, retainDays, retainMessages);
        } catch (StoreException | RuntimeException e) {
            logger.warn("retention: pruning failed, will retry in {} minutes: {}", PERIOD_MINUTES, e.getMessage());
        }
    }
}
