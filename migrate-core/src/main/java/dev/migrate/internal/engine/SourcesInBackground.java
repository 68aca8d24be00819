package dev.migrate.internal.engine;

import dev.migrate.Location;
import dev.migrate.internal.source.SourceLoader;
import dev.migrate.internal.source.SourceSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads the sources on a short-lived daemon thread while the caller connects and reads the
 * history: the two do not depend on each other, and a service restart waits for the slower of
 * them instead of their sum.
 */
final class SourcesInBackground {
    private final CompletableFuture<SourceSet> future = new CompletableFuture<>();

    private SourcesInBackground(SourceLoader loader, List<Location> locations) {
        Thread reader = new Thread(() -> {
            try {
                future.complete(loader.load(locations));
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }, "migrate-sources");
        reader.setDaemon(true);
        reader.start();
    }

    static SourcesInBackground start(SourceLoader loader, List<Location> locations) {
        return new SourcesInBackground(loader, locations);
    }

    /** The sources, or the exception reading them threw, as if it had been thrown here. */
    SourceSet join() {
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
            throw new IllegalStateException("Reading the migration sources failed", cause);
        }
    }
}
