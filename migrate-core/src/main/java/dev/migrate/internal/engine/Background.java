package dev.migrate.internal.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Work the engine starts early and collects later, so that independent waits overlap: reading the
 * sources while connecting and reading the history, opening the lock connection while preparing
 * scripts and creating the history table. Only silent work runs here (no events, no logging), so
 * listeners and log lines stay on the caller's thread with its context.
 *
 * <p>The threads come from a pool shared by every engine in the JVM. It keeps no thread when idle
 * for a few seconds, so a service that migrates once at start-up is left with none, while a
 * framework migrating many tenants one after the other does not pay a thread start per tenant.
 */
final class Background<T> implements Supplier<T> {
    private static final ExecutorService THREADS = threads();

    private final CompletableFuture<T> future;

    private Background(CompletableFuture<T> future) {
        this.future = future;
    }

    static <T> Background<T> start(Supplier<T> work) {
        return new Background<>(CompletableFuture.supplyAsync(work, THREADS));
    }

    /** The result, or the exception the work threw, as if it had been thrown here. */
    @Override
    public T get() {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("Background work of the migration engine failed", cause);
        }
    }

    private static ExecutorService threads() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "migrate-background-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
