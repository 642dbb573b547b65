package chat.server.hub;

import io.netty.util.concurrent.EventExecutor;

import java.util.concurrent.RejectedExecutionException;

/** Running work on a given event loop. */
final class Loops {
    private Loops() {
    }

    /**
     * Runs {@code task} on {@code executor}: inline when already there, else as a task, so the calls of
     * one thread keep their order. Returns {@code false} if the executor is shutting down and refused it
     * (the server is stopping; the caller releases what the task would have).
     */
    static boolean run(EventExecutor executor, Runnable task) {
        if (executor.inEventLoop()) {
            task.run();
            return true;
        }
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            if (!executor.isShuttingDown()) {
                throw e;
            }
            return false;
        }
    }
}
