package dev.migrate;

import java.time.Duration;

/**
 * Progress reported to {@link dev.migrate.spi.EventListener}s while the engine works. Core's events
 * are a closed set, handled with {@code switch} or {@code instanceof} patterns; extension modules
 * add theirs as {@link ModuleEvent}s.
 */
public sealed interface MigrationEvent {

    /**
     * An event an extension module publishes (through {@link dev.migrate.spi.LockSafeSession#publish}):
     * a backfill's progress, a phase started or finished. Implement it with a record of the module's
     * own; core logs it at debug level with its {@code toString()}.
     */
    non-sealed interface ModuleEvent extends MigrationEvent {
    }

    /** Another runner holds the migration lock; we poll until it is free or {@code lockWait} passes. */
    record LockWaiting(String holder) implements MigrationEvent {
    }

    /** The migration lock is ours, after waiting this long. */
    record LockAcquired(Duration waited) implements MigrationEvent {
    }

    /** A migration is about to run. */
    record MigrationStarted(MigrationKind kind, Version version, String script, TransactionMode mode)
            implements MigrationEvent {
    }

    /** A migration ran and is recorded in the history. */
    record MigrationApplied(MigrationKind kind, Version version, String script, int statements, Duration duration)
            implements MigrationEvent {
    }

    /** A migration's down script ran and the history records it as rolled back. */
    record MigrationReverted(Version version, String script, int statements, Duration duration) implements MigrationEvent {
    }

    /** A migration (or its down script) failed; the exception that follows carries the details. */
    record MigrationFailed(MigrationKind kind, Version version, String script, int line, String message)
            implements MigrationEvent {
    }

    /**
     * A statement could not get its lock within {@code lockTimeout}; it (or, in a transactional
     * migration, the whole migration) runs again after {@code backoff}.
     */
    record StatementRetried(String script, int line, int attempt, Duration backoff, String serverMessage)
            implements MigrationEvent {
    }

    /**
     * Before building an index again, the engine dropped the INVALID index an earlier attempt of the
     * same statement left (a failed or interrupted {@code CREATE INDEX CONCURRENTLY} or
     * {@code REINDEX CONCURRENTLY}), having proved from the catalog that the attempt made it.
     */
    record InvalidIndexDropped(String script, int line, String index) implements MigrationEvent {
    }

    /**
     * An interrupted run's server session is still executing a statement of the migration (its
     * client is gone, but PostgreSQL finishes what it started): the engine waits for it, at most
     * {@code atMost}, before reconciling what it did with the catalog.
     */
    record WaitingForInterruptedRun(String script, int pid, String query, Duration atMost) implements MigrationEvent {
    }
}
