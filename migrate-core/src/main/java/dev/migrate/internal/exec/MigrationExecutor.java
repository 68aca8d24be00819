package dev.migrate.internal.exec;

import dev.migrate.Callback;
import dev.migrate.DatabaseException;
import dev.migrate.ErrorCode;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationEvent;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationKind;
import dev.migrate.MigratorConfig;
import dev.migrate.TransactionMode;
import dev.migrate.internal.history.HistoryRow;
import dev.migrate.internal.history.HistoryTable;
import dev.migrate.internal.source.ResolvedMigration;
import dev.migrate.internal.sql.SqlStatement;
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs prepared migrations in a {@link MigrationSession}. A transactional migration runs with its
 * history row in one transaction, sent to the server in one round trip unless a callback watches
 * its statements; the session's state is put back inside that transaction, before the row is
 * written, so nothing a script set can change the bookkeeping or the migrations after it. A
 * failed attempt is rolled back, then recorded as ABORTED for the record. A non-transactional
 * migration runs statement by statement ({@link StatementByStatement}).
 *
 * <p>Every statement runs under {@code lock_timeout}; one that times out on a lock (SQLSTATE
 * 55P03) or deadlocks is retried after a backoff (the whole migration when it is transactional,
 * since its transaction is aborted), so it never queues application queries behind it for long.
 */
public final class MigrationExecutor {
    /** What a retry event names when a step's code failed before it ran any statement through its session. */
    private static final SqlStatement NO_STATEMENT = new SqlStatement(0, "", List.of());

    private final HistoryTable history;
    private final int lockRetries;
    private final String installedBy;
    private final Events events;
    private final List<Callback> callbacks;
    private final Failures failures;
    private final Bookkeeping bookkeeping;
    private final StatementByStatement statementByStatement;
    private final CodeSession.Context codeContext;

    /**
     * @param bookkeeping where non-transactional migrations record their progress
     * @param config      what the code of step runners is given
     */
    public MigrationExecutor(HistoryTable history, int lockRetries, String installedBy, Events events, List<Callback> callbacks,
                             Bookkeeping bookkeeping, MigratorConfig config) {
        this.history = history;
        this.lockRetries = lockRetries;
        this.installedBy = installedBy;
        this.events = events;
        this.callbacks = List.copyOf(callbacks);
        this.failures = new Failures(events, this.callbacks);
        this.bookkeeping = bookkeeping;
        LockSafeStatements statements = new LockSafeStatements(history, bookkeeping, lockRetries, events, failures);
        this.statementByStatement = new StatementByStatement(history, installedBy, this.callbacks, failures, bookkeeping, statements);
        this.codeContext = new CodeSession.Context(history, bookkeeping, statements, events, config, new ArrayList<>());
    }

    /** What the code of the steps run so far asked to tell the caller ({@link CodeSession#notice}). */
    public List<String> notices() {
        return List.copyOf(codeContext.notices());
    }

    /** Runs {@code m} from the start, as history rank {@code rank}. */
    public MigrateResult.Applied run(MigrationSession session, PreparedMigration m, int rank) {
        return run(session, m, rank, PriorAttempt.NONE);
    }

    /** Runs {@code m} as history rank {@code rank}, knowing what an earlier attempt left. */
    public MigrateResult.Applied run(MigrationSession session, PreparedMigration m, int rank, PriorAttempt prior) {
        var src = m.migration();
        if (m.setsSettings() || !callbacks.isEmpty()) {
            try {
                session.requireFull();
            } catch (SQLException e) {
                throw new DatabaseException("Cannot take a snapshot of the session's settings before " + m.script() + ": "
                        + e.getMessage(), e);
            }
        }
        events.publish(new MigrationEvent.MigrationStarted(src.kind(), src.version(), m.script(), m.mode()));
        long started = System.nanoTime();
        int attempts = m.body() != null ? runCode(session, m, rank, prior)
                : m.mode() == TransactionMode.TRANSACTIONAL ? runInTransaction(session, m, rank)
                : statementByStatement.run(session, m, rank, prior);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        int ran = m.body() != null ? m.units() : m.statements().size() - (m.mode() == TransactionMode.TRANSACTIONAL ? 0 : prior.resumeAt());
        events.publish(m.down()
                ? new MigrationEvent.MigrationReverted(src.version(), m.script(), ran, took)
                : new MigrationEvent.MigrationApplied(src.kind(), src.version(), m.script(), ran, took));
        return new MigrateResult.Applied(src.kind(), src.version(), src.description(), m.script(), m.mode(), ran, attempts, took);
    }

    /**
     * Runs a module's code outside any migration ({@code Migrator.runExclusive}): without a
     * transaction, statements lock-safe, the session put back afterwards, nothing in the history.
     * A database error becomes a {@link DatabaseException} naming the task; the code's own
     * exceptions pass through.
     */
    public void runAlone(MigrationSession session, String task, StepRunner.Body body) {
        ResolvedMigration none = new ResolvedMigration(MigrationKind.REPEATABLE, null, task, new Script("(code)", task, new byte[0],
                body), "", null, true);
        PreparedMigration m = new PreparedMigration(none, false, List.of(), List.of(), TransactionMode.NON_TRANSACTIONAL, task,
                List.of(), true, body);
        Connection c = session.connection();
        try (CodeSession code = new CodeSession(session, m, CodeSession.UNRECORDED, PriorAttempt.NONE, codeContext)) {
            try {
                session.requireFull();
                c.setAutoCommit(true);
                body.run(code);
                session.restore();
            } catch (SQLException e) {
                DatabaseException failure = new DatabaseException(task + " failed: " + e.getMessage()
                        + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]")
                        + (code.last() == null ? "" : "\n  Last statement: " + code.last().excerpt())
                        + (code.left().isEmpty() ? "" : "\n  " + code.left()), e);
                restoreQuietly(session, failure);
                throw failure;
            } catch (RuntimeException e) {
                restoreQuietly(session, e);
                throw e;
            }
        }
    }

    /**
     * Runs a step of code ({@link PreparedMigration#body()}: a step runner's code, or a Java
     * migration): in a transaction with its history row, run again from the start after a lock
     * timeout or deadlock; or without one, its progress recorded as it reports it.
     */
    private int runCode(MigrationSession session, PreparedMigration m, int rank, PriorAttempt prior) {
        Connection c = session.connection();
        boolean tx = m.mode() == TransactionMode.TRANSACTIONAL;
        boolean java = m.migration().java() != null && !m.down();
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            try (CodeSession code = new CodeSession(session, m, rank, prior, codeContext)) {
                c.setAutoCommit(!tx);
                if (!tx) {
                    history.insertRunning(bookkeeping.connection(), rank, m.entry(), installedBy, m.units(), prior.resumeAt(),
                            session.backend());
                }
                try {
                    for (Callback cb : callbacks) {
                        cb.beforeEachMigration(c, Failures.info(m));
                    }
                    m.body().run(code);
                    for (Callback cb : callbacks) {
                        cb.afterEachMigration(c, Failures.info(m));
                    }
                } catch (StepRunner.Refused refused) {
                    if (code.last() == null) {
                        refuse(session, m, rank, tx, started, refused);
                        throw refused;
                    }
                    throw failed(session, m, rank, code, attempt, tx, java, started, refused);
                } catch (SQLException | RuntimeException e) {
                    SQLException cause = e instanceof SQLException sql ? sql : new SQLException(e.toString(), e);
                    if (tx) {
                        rollbackQuietly(c);
                        // A Java migration is not run again: it may have done more than its database work.
                        if (Failures.isRetryable(cause) && attempt <= lockRetries && !java) {
                            failures.pauseBeforeRetry(m, code.last() != null ? code.last() : NO_STATEMENT, attempt, cause);
                            continue;
                        }
                    }
                    throw failed(session, m, rank, code, attempt, tx, java, started, e);
                }
                session.restore();
                if (tx) {
                    if (m.down()) {
                        history.insertRolledBack(c, rank, m.entry(), installedBy, elapsedMs(started), m.units());
                    } else {
                        history.insertApplied(c, rank, m.entry(), installedBy, elapsedMs(started), m.units());
                    }
                    c.commit();
                } else {
                    history.progress(bookkeeping.connection(), rank, Math.max(m.units(), code.done()));
                    history.finish(bookkeeping.connection(), rank, elapsedMs(started),
                            m.down() ? HistoryRow.State.ROLLED_BACK : HistoryRow.State.APPLIED);
                }
                codeContext.notices().addAll(code.noticed());
                return Math.max(attempt, code.attempts());
            } catch (SQLException e) {
                rollbackQuietly(c);
                throw new DatabaseException("Cannot record " + m.script() + " in " + history + ": " + e.getMessage(), e);
            } finally {
                setAutoCommit(c);
            }
        }
    }

    /** Records a step of code that failed, and calls the error callbacks: the exception to throw. */
    private MigrationFailedException failed(MigrationSession session, PreparedMigration m, int rank,
                                            CodeSession code, int attempt, boolean tx, boolean java, long started, Exception e) {
        SQLException cause = e instanceof SQLException sql ? sql : new SQLException(e.toString(), e);
        MigrationFailedException failure = codeFailure(m, cause, code, attempt, tx, java, e);
        if (tx) {
            recordAborted(session, m, rank, 0, cause.getMessage(), started, failure);
        } else {
            restoreQuietly(session, failure);
            try {
                history.fail(bookkeeping.connection(), rank, code.done(), cause.getMessage(), elapsedMs(started));
            } catch (SQLException recording) {
                failure.addSuppressed(recording);
            }
        }
        failures.afterError(session.connection(), m, cause);
        return failure;
    }

    /**
     * Records a step whose code refused to run before it sent a statement: ABORTED, which blocks
     * nothing (a transactional step's attempt is rolled back first).
     */
    private void refuse(MigrationSession session, PreparedMigration m, int rank, boolean tx, long started, StepRunner.Refused refused) {
        if (tx) {
            rollbackQuietly(session.connection());
            recordAborted(session, m, rank, 0, refused.getMessage(), started, refused);
            return;
        }
        restoreQuietly(session, refused);
        try {
            history.abort(bookkeeping.connection(), rank, refused.getMessage(), elapsedMs(started));
        } catch (SQLException recording) {
            refused.addSuppressed(recording);
        }
    }

    private MigrationFailedException codeFailure(PreparedMigration m, SQLException cause, CodeSession code, int attempts, boolean tx,
                                                 boolean java, Exception thrown) {
        attempts = tx ? attempts : code.failedAttempts();
        boolean gaveUp = Failures.isRetryable(cause) && attempts > 1;
        String name = Failures.name(m);
        String message = (java ? "Java migration " : "Migration ") + m.script() + " failed: " + cause.getMessage()
                + (cause.getSQLState() == null ? "" : " [SQLSTATE " + cause.getSQLState() + "]")
                + (gaveUp ? " (gave up after " + attempts + " attempts: another session kept a conflicting lock; find it with"
                + " pg_blocking_pids or pg_stat_activity, or raise lockTimeout / lockRetries)" : "")
                + (code.last() == null ? "" : "\n  Last statement: " + code.last().excerpt())
                + (code.left().isEmpty() ? "" : "\n  " + code.left()) + "\n  "
                + (tx ? "It ran in a transaction that was rolled back: none of it is applied; the attempt is recorded as ABORTED in "
                + history + ", which blocks nothing. Fix it and run migrate again."
                : "It ran without a transaction; it is recorded as FAILED in " + history + " and blocks further runs. " + (java
                ? "Finish or undo by hand what it left half-done, then call resolve().markApplied(\"" + name + "\") if its change"
                + " is now complete, or resolve().markRolledBack(\"" + name + "\") to run it again from the start."
                : HistoryTable.resolutionHint(name)));
        return failures.failure(m, gaveUp ? ErrorCode.LOCK_RETRIES_EXHAUSTED : ErrorCode.MIGRATION_FAILED, 0, cause.getSQLState(),
                message, thrown);
    }

    /**
     * Runs a migration in one transaction with its history row. Without callbacks, statements, the
     * session's restore, the row and {@code COMMIT} go to the server in one round trip
     * ({@link Pipeline}); with callbacks, which see each statement, one at a time. {@code at}
     * follows what is running: a statement's index, then {@code restoring}, {@code recording} (the
     * row), {@code committing}.
     */
    private int runInTransaction(MigrationSession session, PreparedMigration m, int rank) {
        Connection c = session.connection();
        List<SqlStatement> statements = m.statements();
        // A migration that may have changed settings itself gets the whole restore before its row;
        // any other gets the essential settings reset inside the row's own statement.
        List<String> restore = m.setsSettings() || !callbacks.isEmpty() ? session.restoreStatements() : List.of();
        int restoring = statements.size();
        int recording = restoring + restore.size();
        int committing = recording + 1;
        boolean pipelined = callbacks.isEmpty();
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            int at = 0;
            try {
                c.setAutoCommit(false);
                if (pipelined) {
                    try {
                        Pipeline.run(c, m, restore, history.completedSql(rank, m.entry(), installedBy,
                                m.down() ? HistoryRow.State.ROLLED_BACK : HistoryRow.State.APPLIED, statements.size(),
                                session.inlineRestore()));
                    } catch (Pipeline.Failure f) {
                        if (f.index() != Pipeline.UNKNOWN) {
                            at = f.index();
                            throw f.error();
                        }
                        // Which text failed is not known, so neither is whether COMMIT ran.
                        rollbackQuietly(c);
                        if (committedAnyway(c, m, rank, f.error())) {
                            return attempt;
                        }
                        // Not applied: the same attempt again, one statement at a time, names the failing
                        // statement (or succeeds, if the failure was passing).
                        pipelined = false;
                        attempt--;
                        continue;
                    }
                } else {
                    try (Statement st = c.createStatement()) {
                        st.setEscapeProcessing(false);
                        for (Callback cb : callbacks) {
                            cb.beforeEachMigration(c, Failures.info(m));
                        }
                        for (; at < statements.size(); at++) {
                            SqlStatement s = statements.get(at);
                            for (Callback cb : callbacks) {
                                cb.beforeEachStatement(c, Failures.info(m), s.line(), s.sql());
                            }
                            st.execute(s.sql());
                            for (Callback cb : callbacks) {
                                cb.afterEachStatement(c, Failures.info(m), s.line(), s.sql());
                            }
                        }
                        for (Callback cb : callbacks) {
                            cb.afterEachMigration(c, Failures.info(m));
                        }
                    }
                    at = restoring;
                    session.restore();
                    at = recording;
                    if (m.down()) {
                        history.insertRolledBack(c, rank, m.entry(), installedBy, elapsedMs(started), statements.size());
                    } else {
                        history.insertApplied(c, rank, m.entry(), installedBy, elapsedMs(started), statements.size());
                    }
                    at = committing;
                    c.commit();
                }
                return attempt;
            } catch (RuntimeException e) {
                // From a Java callback: roll back here, because switching auto-commit back on in the
                // finally block would commit the half-run migration without its history row.
                rollbackQuietly(c);
                recordAborted(session, m, rank, Math.min(at, statements.size()), e.toString(), started, e);
                throw e;
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (at >= restoring && at < committing || statements.isEmpty()) {
                    throw new DatabaseException("Cannot record " + m.script() + " in " + history + ": " + e.getMessage(), e);
                }
                if (at < restoring && Failures.isRetryable(e) && attempt <= lockRetries) {
                    failures.pauseBeforeRetry(m, statements.get(at), attempt, e);
                    continue;
                }
                // At committing, the failure came from COMMIT (a deferred constraint, say).
                int failed = Math.min(at, statements.size() - 1);
                failures.afterError(c, m, e);
                MigrationFailedException failure = failures.failure(m, failed, e, attempt, (at < restoring ? "" : "COMMIT failed. ")
                        + (m.down()
                        ? "The down script ran in a transaction and was rolled back: the migration is still applied. Fix the"
                        + " down script and roll back again."
                        : "The migration ran in a transaction and was rolled back: none of it is applied. Fix the script and"
                        + " run migrate again.") + " The attempt is recorded as ABORTED in " + history + ", which blocks nothing.");
                recordAborted(session, m, rank, failed, e.getMessage(), started, failure);
                throw failure;
            } finally {
                setAutoCommit(c);
            }
        }
    }

    /**
     * Keeps the record of a transactional attempt that was rolled back: who, when, where it failed
     * and the error, in a row that blocks nothing. Written in auto-commit after the session is put
     * back, so the script's settings cannot stop it.
     */
    private void recordAborted(MigrationSession session, PreparedMigration m, int rank, int failedAt, String error, long started,
                               Exception failure) {
        Connection c = session.connection();
        try {
            c.setAutoCommit(true);
            session.restore();
            history.insertAborted(c, rank, m.entry(), installedBy, elapsedMs(started), failedAt, m.statements().size(), error);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * After a pipeline failed where no statement can be blamed: whether its COMMIT went through
     * anyway (the history row is there). A connection that broke leaves that unknown, and says so.
     */
    private boolean committedAnyway(Connection c, PreparedMigration m, int rank, SQLException error) {
        try {
            if (c.isValid(5)) {
                return history.hasRank(c, rank);
            }
        } catch (SQLException e) {
            error.addSuppressed(e);
        }
        throw new DatabaseException("The connection failed while " + m.script() + " ran (" + error.getMessage()
                + "); whether its transaction committed is unknown. status() shows whether it is applied; if it is"
                + " still pending, migrate() applies it.", error);
    }

    private static void restoreQuietly(MigrationSession session, Exception failure) {
        try {
            session.restore();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The original failure is what matters; a broken connection is reported by the next call.
        }
    }

    private static void setAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // As above.
        }
    }
}
