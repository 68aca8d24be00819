package dev.migrate.spi;

import dev.migrate.MigrationEvent;
import dev.migrate.schema.DatabaseSchema;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The session a step's code runs in ({@link StepRunner.Body}): the migration's connection with the
 * engine's protections, and the engine's lock-safe way of running statements on it. Only valid
 * while the body runs.
 */
public interface LockSafeSession {

    /**
     * The migration's connection: the managed schemas first on the search path, {@code lock_timeout}
     * set, inside the step's transaction when it has one. Statements sent on it directly are not
     * retried. Do not commit, roll back or close it; whatever the code changes in the session
     * ({@code SET}, the role) is put back after the step.
     */
    Connection connection();

    /**
     * Runs one statement under the configured {@code lock_timeout}. Without a transaction, a
     * statement that times out on a lock or deadlocks (SQLSTATE 55P03, 40P01) is retried after a
     * capped, jittered backoff, {@code lockRetries} times at most; a concurrent index build
     * ({@code CREATE INDEX CONCURRENTLY}, {@code REINDEX ... CONCURRENTLY}) runs without the
     * timeout, and an INVALID index a failed attempt of it left is dropped before it runs again;
     * the index it built is checked to be valid. Inside a transaction, the first such failure
     * aborts it, and the engine runs the whole step again. Transaction control ({@code BEGIN},
     * {@code COMMIT}...) and statements that would release the migration lock ({@code DISCARD ALL},
     * {@code pg_advisory_unlock_all()}) are refused: the engine owns the step's transaction and the lock.
     *
     * @throws SQLException the statement's last failure; the engine records the step as failed
     */
    void execute(String sql) throws SQLException;

    /**
     * How many units of work an earlier attempt of this step recorded with {@link #progress} before
     * it failed or was interrupted, when this run resumes it ({@code resolve().resume(...)}); 0 otherwise.
     */
    int resumeFrom();

    /**
     * Whether this run continues an earlier attempt of the step that failed or was interrupted,
     * because {@code resolve().resume(...)} asked for it; false when the step runs afresh (its first
     * run, or again after a rollback or {@code markRolledBack}). Work the step keeps its own record
     * of (a backfill's cursor) is continued when resuming, and done again otherwise.
     */
    boolean resuming();

    /**
     * Records, in the history, that the first {@code done} units of work of a step without a
     * transaction are complete and durable: a run that resumes it starts from there. In a
     * transactional step it does nothing, since the transaction commits all or nothing.
     */
    void progress(int done);

    /**
     * Adds a line to the run's result ({@link dev.migrate.MigrateResult#notices()}): what a person or
     * the next deployment must do because of this step, such as completing a migration left expanded.
     * Outside {@code migrate()} ({@code runExclusive}, a rollback) there is no such result: log the
     * line, or publish it as an event, as well.
     */
    void notice(String line);

    /** Publishes an event to the run's listeners and log; a module's own events implement {@link MigrationEvent.ModuleEvent}. */
    void publish(MigrationEvent event);

    /**
     * Reads the managed schemas from the catalog on this session's connection (inside the step's
     * transaction when it has one, so it sees what the step did), the history table left out: the
     * same model as {@link dev.migrate.Migrator#inspect()}, for checking a step's work against the
     * live schema before it runs.
     *
     * @throws dev.migrate.DatabaseException when a catalog query fails
     */
    DatabaseSchema inspect();

    /** The run's settings, with the options of modules. */
    Settings settings();

    /** The script of the step, as the history records it: for messages and events. */
    String script();
}
