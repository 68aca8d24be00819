package dev.migrate.internal.exec;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with jitter (half fixed, half random), so retrying runners do not wake in step. */
public final class Backoff {
    private static final long BASE_MS = 100;
    private static final long CAP_MS = 10_000;

    private Backoff() {
    }

    /** The pause before retry number {@code attempt} (1 for the first retry). */
    public static Duration delay(int attempt) {
        long ceiling = Math.min(CAP_MS, BASE_MS << Math.min(attempt, 16));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry", e);
        }
    }
}
