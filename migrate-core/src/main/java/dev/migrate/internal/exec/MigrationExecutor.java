package dev.migrate.internal.exec;

import dev.migrate.Callback;
import dev.migrate.DatabaseException;
import dev.migrate.ErrorCode;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationEvent;
import dev.migrate.MigrationFailedException;
import dev.migrate.TransactionMode;
import dev.migrate.internal.history.HistoryRow;
import dev.migrate.internal.history.HistoryTable;
import dev.migrate.internal.jdbc.Identifiers;
import dev.migrate.internal.sql.SqlStatement;
import dev.migrate.internal.sql.StatementKinds;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Runs prepared migrations on one connection. A transactional migration runs with its history row
 * in one transaction, sent to the server in one round trip unless a callback watches its
 * statements; a non-transactional one runs statement by statement, its row recording how far it
 * got. Every statement runs under {@code lock_timeout}; one that times out on a lock
 * (SQLSTATE 55P03) is retried after a backoff — the whole migration when it is transactional,
 * since its transaction is aborted — so it never queues application queries behind it for long.
 */
public final class MigrationExecutor {
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String DEADLOCK_DETECTED = "40P01";

    private final HistoryTable history;
    private final String searchPath;
    private final String lockTimeout;
    private final int lockRetries;
    private final String installedBy;
    private final Events events;
    private final List<Callback> callbacks;

    /** @param schemas the managed schemas, put first on the search path in this order */
    public MigrationExecutor(HistoryTable history, List<String> schemas, Duration lockTimeout, int lockRetries, String installedBy,
                             Events events, List<Callback> callbacks) {
        this.history = history;
        this.searchPath = schemas.stream().map(Identifiers::quote).collect(java.util.stream.Collectors.joining(", "));
        this.lockTimeout = lockTimeout.toMillis() + "ms";
        this.lockRetries = lockRetries;
        this.installedBy = installedBy;
        this.events = events;
        this.callbacks = List.copyOf(callbacks);
    }

    /** Puts the managed schemas first on the search path and sets {@code lock_timeout}; closing puts both back. */
    public MigrationSession open(Connection c) {
        return MigrationSession.open(c, searchPath, lockTimeout);
    }

    public MigrateResult.Applied run(Connection c, PreparedMigration m, int rank) {
        var src = m.migration();
        events.publish(new MigrationEvent.MigrationStarted(src.kind(), src.version(), m.script(), m.mode()));
        long started = System.nanoTime();
        int attempts = src.java() != null && !m.down() ? runJava(c, m, rank)
                : m.mode() == TransactionMode.TRANSACTIONAL ? runInTransaction(c, m, rank) : runStatementByStatement(c, m, rank);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        events.publish(m.down()
                ? new MigrationEvent.MigrationReverted(src.version(), m.script(), m.statements().size(), took)
                : new MigrationEvent.MigrationApplied(src.kind(), src.version(), m.script(), m.statements().size(), took));
        return new MigrateResult.Applied(src.kind(), src.version(), src.description(), m.script(), m.mode(),
                m.statements().size(), attempts, took);
    }

    /** Runs a {@link dev.migrate.JavaMigration}: in a transaction with its history row, or alone with progress recorded. */
    private int runJava(Connection c, PreparedMigration m, int rank) {
        boolean tx = m.mode() == TransactionMode.TRANSACTIONAL;
        long started = System.nanoTime();
        try {
            c.setAutoCommit(!tx);
            if (!tx) {
                history.insertRunning(c, rank, m.entry(), installedBy, 1);
            }
            try {
                for (Callback cb : callbacks) {
                    cb.beforeEachMigration(c, info(m));
                }
                m.migration().java().migrate(c);
                for (Callback cb : callbacks) {
                    cb.afterEachMigration(c, info(m));
                }
            } catch (SQLException | RuntimeException e) {
                SQLException cause = e instanceof SQLException sql ? sql : new SQLException(e.toString(), e);
                if (tx) {
                    rollbackQuietly(c);
                } else {
                    history.fail(c, rank, 0, cause.getMessage(), elapsedMs(started));
                }
                afterError(c, m, cause);
                String name = m.migration().version().toString();
                MigrationFailedException failure = new MigrationFailedException(ErrorCode.MIGRATION_FAILED, m.script(), 0,
                        cause.getSQLState(), "Java migration " + m.script() + " failed: " + cause.getMessage() + "\n  " + (tx
                        ? "It ran in a transaction that was rolled back: none of it is applied and nothing was recorded."
                        + " Fix it and run migrate again."
                        : "It ran without a transaction; it is recorded as FAILED in " + history + " and blocks further runs. "
                        + HistoryTable.resolutionHint(name)), e);
                events.publish(new MigrationEvent.MigrationFailed(m.migration().kind(), m.migration().version(), m.script(), 0,
                        cause.getMessage()));
                throw failure;
            }
            if (tx) {
                history.insertApplied(c, rank, m.entry(), installedBy, elapsedMs(started), 1);
                c.commit();
            } else {
                history.progress(c, rank, 1);
                history.finish(c, rank, elapsedMs(started), HistoryRow.State.APPLIED);
            }
            return 1;
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw new DatabaseException("Cannot record " + m.script() + " in " + history + ": " + e.getMessage(), e);
        } finally {
            setAutoCommit(c);
        }
    }

    /**
     * Runs a migration in one transaction with its history row. Without callbacks, statements, row
     * and {@code COMMIT} go to the server in one round trip ({@link Pipeline}); with callbacks, which
     * see each statement, one at a time. {@code at} follows what is running: a statement's index,
     * then {@code recording} (the row), then {@code committing}.
     */
    private int runInTransaction(Connection c, PreparedMigration m, int rank) {
        List<SqlStatement> statements = m.statements();
        int recording = statements.size();
        int committing = recording + 1;
        boolean pipelined = callbacks.isEmpty();
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            int at = 0;
            try {
                c.setAutoCommit(false);
                if (pipelined) {
                    try {
                        Pipeline.run(c, m, history.completedSql(rank, m.entry(), installedBy,
                                m.down() ? HistoryRow.State.ROLLED_BACK : HistoryRow.State.APPLIED, statements.size()));
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
                            cb.beforeEachMigration(c, info(m));
                        }
                        for (; at < statements.size(); at++) {
                            SqlStatement s = statements.get(at);
                            for (Callback cb : callbacks) {
                                cb.beforeEachStatement(c, info(m), s.line(), s.sql());
                            }
                            st.execute(s.sql());
                            for (Callback cb : callbacks) {
                                cb.afterEachStatement(c, info(m), s.line(), s.sql());
                            }
                        }
                        for (Callback cb : callbacks) {
                            cb.afterEachMigration(c, info(m));
                        }
                    }
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
                throw e;
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (at == recording || statements.isEmpty()) {
                    throw new DatabaseException("Cannot record " + m.script() + " in " + history + ": " + e.getMessage(), e);
                }
                if (at < recording && isRetryable(e) && attempt <= lockRetries) {
                    pauseBeforeRetry(m, statements.get(at), attempt, e);
                    continue;
                }
                // At committing, the failure came from COMMIT (a deferred constraint, say).
                int failed = Math.min(at, statements.size() - 1);
                afterError(c, m, e);
                throw failure(m, failed, e, attempt, (at < recording ? "" : "COMMIT failed. ") + (m.down()
                        ? "The down script ran in a transaction and was rolled back: the migration is still applied and"
                        + " nothing was recorded. Fix the down script and roll back again."
                        : "The migration ran in a transaction and was rolled back: none of it is applied and nothing"
                        + " was recorded. Fix the script and run migrate again."));
            } finally {
                setAutoCommit(c);
            }
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

    private int runStatementByStatement(Connection c, PreparedMigration m, int rank) {
        long started = System.nanoTime();
        int maxAttempts = 1;
        try {
            c.setAutoCommit(true);
            history.insertRunning(c, rank, m.entry(), installedBy, m.statements().size());
            try (Statement st = c.createStatement()) {
                st.setEscapeProcessing(false);
                for (Callback cb : callbacks) {
                    cb.beforeEachMigration(c, info(m));
                }
                for (int i = 0; i < m.statements().size(); i++) {
                    SqlStatement s = m.statements().get(i);
                    for (Callback cb : callbacks) {
                        cb.beforeEachStatement(c, info(m), s.line(), s.sql());
                    }
                    maxAttempts = Math.max(maxAttempts, executeAlone(c, st, m, i, rank, started));
                    for (Callback cb : callbacks) {
                        cb.afterEachStatement(c, info(m), s.line(), s.sql());
                    }
                    history.progress(c, rank, i + 1);
                }
                for (Callback cb : callbacks) {
                    cb.afterEachMigration(c, info(m));
                }
            }
            history.finish(c, rank, elapsedMs(started), m.down() ? HistoryRow.State.ROLLED_BACK : HistoryRow.State.APPLIED);
            return maxAttempts;
        } catch (SQLException e) {
            throw new DatabaseException("Cannot record progress of " + m.script() + " in " + history + ": " + e.getMessage(), e);
        }
    }

    /** Runs statement {@code index} on its own; {@code index} statements before it have completed. */
    private int executeAlone(Connection c, Statement st, PreparedMigration m, int index, int rank, long started)
            throws SQLException {
        SqlStatement s = m.statements().get(index);
        // CONCURRENTLY waits only on locks that reads and writes never queue behind, so it may wait as long
        // as it needs; and a failed attempt leaves an invalid index behind, so it is never retried.
        boolean concurrently = StatementKinds.waitsHarmlessly(s);
        if (concurrently) {
            st.execute("SET lock_timeout = 0");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                st.execute(s.sql());
                if (concurrently) {
                    st.execute("SET lock_timeout = '" + lockTimeout + "'");
                }
                return attempt;
            } catch (SQLException e) {
                if (!concurrently && isRetryable(e) && attempt <= lockRetries) {
                    pauseBeforeRetry(m, s, attempt, e);
                    continue;
                }
                MigrationFailedException failure = failure(m, index, e, attempt, index + " of " + m.statements().size()
                        + " statements had completed and stay applied; " + (m.down() ? "the rollback of version " + m.migration().version()
                        : "the migration") + " is recorded as FAILED in " + history
                        + " and blocks further runs. " + HistoryTable.resolutionHint(m.migration().version() == null
                        ? m.migration().description() : m.migration().version().toString()));
                try {
                    recordFailure(c, st, rank, index, e.getMessage(), elapsedMs(started));
                    afterError(c, m, e);
                    if (concurrently) {
                        st.execute("SET lock_timeout = '" + lockTimeout + "'");
                    }
                } catch (SQLException bookkeeping) {
                    failure.addSuppressed(bookkeeping);
                }
                throw failure;
            }
        }
    }

    private static Callback.Migration info(PreparedMigration m) {
        var src = m.migration();
        return new Callback.Migration(src.kind(), src.version(), src.description(), m.script(), m.mode(), m.down());
    }

    /** Runs the afterEachMigrationError callbacks; their own failures are attached to the original error. */
    private void afterError(Connection c, PreparedMigration m, SQLException error) {
        for (Callback cb : callbacks) {
            try {
                cb.afterEachMigrationError(c, info(m), error);
            } catch (SQLException | RuntimeException e) {
                error.addSuppressed(e);
            }
        }
    }

    private void recordFailure(Connection c, Statement st, int rank, int done, String error, long ms) throws SQLException {
        try {
            history.fail(c, rank, done, error, ms);
        } catch (SQLException inAbortedTransaction) {
            // The script opened its own transaction block, which the failure aborted: end it, then record.
            st.execute("ROLLBACK");
            history.fail(c, rank, done, error, ms);
        }
    }

    private void pauseBeforeRetry(PreparedMigration m, SqlStatement s, int attempt, SQLException e) {
        Duration pause = Backoff.delay(attempt);
        events.publish(new MigrationEvent.StatementRetried(m.script(), s.line(), attempt, pause, e.getMessage()));
        Backoff.sleep(pause);
    }

    private MigrationFailedException failure(PreparedMigration m, int index, SQLException e, int attempts, String consequence) {
        SqlStatement s = m.statements().get(index);
        int line = errorLine(s, e);
        boolean gaveUp = isRetryable(e) && attempts > 1;
        ErrorCode code = gaveUp ? ErrorCode.LOCK_RETRIES_EXHAUSTED : ErrorCode.MIGRATION_FAILED;
        String message = "Migration " + m.script() + " failed at line " + line + ": " + e.getMessage()
                + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]")
                + (gaveUp ? " (gave up after " + attempts + " attempts: another session kept a conflicting lock;"
                + " find it with pg_blocking_pids or pg_stat_activity, or raise lockTimeout / lockRetries)" : "")
                + "\n  Statement at line " + s.line() + ": " + m.excerpts().get(index)
                + "\n  " + consequence;
        var src = m.migration();
        events.publish(new MigrationEvent.MigrationFailed(src.kind(), src.version(), m.script(), line, e.getMessage()));
        return new MigrationFailedException(code, m.script(), line, e.getSQLState(), message, e);
    }

    /** The line of the server's error position inside the statement, or the statement's first line. */
    private static int errorLine(SqlStatement s, SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return s.lineAt(server == null ? 0 : server.getPosition());
    }

    private static boolean isRetryable(SQLException e) {
        return LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || DEADLOCK_DETECTED.equals(e.getSQLState());
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
