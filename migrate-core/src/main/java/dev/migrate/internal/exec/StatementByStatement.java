package dev.migrate.internal.exec;

import dev.migrate.Callback;
import dev.migrate.DatabaseException;
import dev.migrate.ErrorCode;
import dev.migrate.MigrationFailedException;
import dev.migrate.internal.history.HistoryRow;
import dev.migrate.internal.history.HistoryTable;
import dev.migrate.internal.recovery.IndexBuild;
import dev.migrate.internal.recovery.IndexBuilds;
import dev.migrate.internal.recovery.StatementEffect;
import dev.migrate.internal.sql.SqlStatement;
import dev.migrate.internal.sql.StatementKinds;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs a migration without a transaction, one statement at a time, each committing on its own.
 * Its history row is written on a session of its own ({@link Bookkeeping}) after every statement:
 * how far it got, and, before a concurrent index build, the indexes its table already has, which
 * later proves which INVALID index a failed build left. The row also names the server process
 * running the statements, for the next run to check on. Each statement runs the lock-safe way
 * ({@link LockSafeStatements}). Inside the script's own {@code BEGIN ... COMMIT} the progress
 * waits for the COMMIT, since before it nothing is durable.
 */
final class StatementByStatement {
    private final HistoryTable history;
    private final String installedBy;
    private final List<Callback> callbacks;
    private final Failures failures;
    private final Bookkeeping bookkeeping;
    private final LockSafeStatements statements;

    StatementByStatement(HistoryTable history, String installedBy, List<Callback> callbacks, Failures failures,
                         Bookkeeping bookkeeping, LockSafeStatements statements) {
        this.history = history;
        this.installedBy = installedBy;
        this.callbacks = callbacks;
        this.failures = failures;
        this.bookkeeping = bookkeeping;
        this.statements = statements;
    }

    /** Runs {@code m} from {@code prior.resumeAt()}; returns the most attempts any statement needed. */
    int run(MigrationSession session, PreparedMigration m, int rank, PriorAttempt prior) {
        Connection c = session.connection();
        long started = System.nanoTime();
        int maxAttempts = 1;
        Connection book;
        try {
            c.setAutoCommit(true);
            book = bookkeeping.connection();
            history.insertRunning(book, rank, m.entry(), installedBy, m.statements().size(), prior.resumeAt(), session.backend());
        } catch (SQLException e) {
            throw new DatabaseException("Cannot record the start of " + m.script() + " in " + history + ": " + e.getMessage(), e);
        }
        int blockStart = -1;
        int at = prior.resumeAt();
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            try {
                for (Callback cb : callbacks) {
                    cb.beforeEachMigration(c, Failures.info(m));
                }
                // A resumed run starts on a new session: the SETs of the statements it skips must hold again.
                for (int i = 0; i < prior.resumeAt(); i++) {
                    if (StatementKinds.isSessionSet(m.statements().get(i))) {
                        st.execute(m.statements().get(i).sql());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                throw fail(session, st, m, at, at, rank, asSql(e), 1, "Before its first statement ran: ", started);
            }
            for (; at < m.statements().size(); at++) {
                SqlStatement s = m.statements().get(at);
                int done = blockStart >= 0 ? blockStart : at;
                int i = at;
                callbacks(session, st, m, i, done, rank, started, cb -> cb.beforeEachStatement(c, Failures.info(m), s.line(), s.sql()));
                IndexBuild build = IndexBuild.of(s);
                String proof = prior.indexesBefore();
                String finish;
                try {
                    finish = prior.stoppedAt() == i ? StatementEffect.finishDetach(c, s) : null;
                } catch (SQLException e) {
                    throw fail(session, st, m, i, done, rank, e, 1, "", started);
                }
                try {
                    maxAttempts = Math.max(maxAttempts, build != null ? statements.buildIndex(m, c, st, s, build, proof, rank)
                            : statements.execute(m, c, st, s, blockStart >= 0, finish));
                } catch (LockSafeStatements.Failed f) {
                    throw f.invalid.isEmpty() ? fail(session, st, m, i, done, rank, f.error, f.attempts, f.left, started)
                            : invalidAfterBuild(session, st, m, i, done, rank, build, f.invalid, started);
                }
                if (StatementKinds.isBegin(s)) {
                    blockStart = i;
                } else if (StatementKinds.endsBlock(s)) {
                    blockStart = -1;
                }
                callbacks(session, st, m, i, blockStart >= 0 ? blockStart : i + 1, rank, started,
                        cb -> cb.afterEachStatement(c, Failures.info(m), s.line(), s.sql()));
                if (blockStart < 0) {
                    history.progress(book, rank, i + 1);
                }
            }
            if (blockStart >= 0 || Transactions.open(c)) {
                // Validation refuses a script that leaves its own block open; a block opened some other way
                // (a procedure, say) must not be recorded as applied while its work is uncommitted.
                int last = m.statements().size() - 1;
                throw fail(session, st, m, last, blockStart >= 0 ? blockStart : last + 1, rank, new SQLException(
                        "a transaction block is still open at the end of the script; its work is not committed"), 1, "",
                        started);
            }
            int end = m.statements().size();
            callbacks(session, st, m, Math.max(0, end - 1), end, rank, started, cb -> cb.afterEachMigration(c, Failures.info(m)));
            session.restore();
            history.finish(book, rank, elapsedMs(started), m.down() ? HistoryRow.State.ROLLED_BACK : HistoryRow.State.APPLIED);
            return maxAttempts;
        } catch (SQLException e) {
            throw new DatabaseException("Cannot record progress of " + m.script() + " in " + history + ": " + e.getMessage(), e);
        }
    }

    /** A callback's work; its failure is recorded like a statement's, with {@code done} statements complete. */
    private interface CallbackCall {
        void run(Callback callback) throws SQLException;
    }

    private void callbacks(MigrationSession session, Statement st, PreparedMigration m, int index, int done, int rank, long started,
                           CallbackCall call) {
        for (Callback cb : callbacks) {
            try {
                call.run(cb);
            } catch (SQLException | RuntimeException e) {
                throw fail(session, st, m, index, done, rank, asSql(e), 1, "A callback failed (" + cb + "). ", started);
            }
        }
    }

    private static SQLException asSql(Exception e) {
        return e instanceof SQLException sql ? sql : new SQLException(e.toString(), e);
    }

    /** The build ran without an error, yet the index it is about is INVALID: {@code IF NOT EXISTS} skipped an INVALID one. */
    private MigrationFailedException invalidAfterBuild(MigrationSession session, Statement st, PreparedMigration m, int index,
                                                       int done, int rank, IndexBuild build, List<IndexBuilds.IndexState> invalid,
                                                       long started) {
        SqlStatement s = m.statements().get(index);
        String names = IndexBuilds.names(invalid);
        String error = "index " + names + " is INVALID after the statement ran";
        String message = "Migration " + m.script() + " failed at line " + s.line() + ": " + error
                + (build.ifNotExists() ? " (IF NOT EXISTS skipped it because it already existed, left by an earlier failed"
                + " build)" : "") + ". An INVALID index enforces nothing (a UNIQUE one lets duplicates in) and the planner"
                + " never uses it.\n  Statement at line " + s.line() + ": " + m.excerpts().get(index)
                + "\n  Drop it with DROP INDEX CONCURRENTLY " + names + ", then resolve().resume(\"" + Failures.name(m)
                + "\") and migrate again. " + index + " of " + m.statements().size() + " statements had completed; the"
                + " migration is recorded as FAILED in " + history + ".";
        MigrationFailedException failure = failures.failure(m, ErrorCode.MIGRATION_FAILED, s.line(), null, message, null);
        record(session, st, rank, index, done, error, started, failure, m, new SQLException(error));
        return failure;
    }

    private MigrationFailedException fail(MigrationSession session, Statement st, PreparedMigration m, int index, int done, int rank,
                                          SQLException e, int attempts, String left, long started) {
        MigrationFailedException failure = failures.failure(m, index, e, attempts, left + done + " of " + m.statements().size()
                + " statements had completed and stay applied; " + (m.down() ? "the rollback of version " + m.migration().version()
                : "the migration") + " is recorded as FAILED in " + history + " and blocks further runs. "
                + HistoryTable.resolutionHint(Failures.name(m)));
        record(session, st, rank, index, done, e.getMessage(), started, failure, m, e);
        return failure;
    }

    /**
     * Ends the transaction block the script opened, if the failure came inside one ({@code done}
     * then points at its BEGIN), puts the session back, records the failure and runs the error
     * callbacks.
     */
    private void record(MigrationSession session, Statement st, int rank, int index, int done, String error, long started,
                        MigrationFailedException failure, PreparedMigration m, SQLException cause) {
        if (done != index || Transactions.open(session.connection())) {
            try {
                st.execute("ROLLBACK");
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
        try {
            session.restore();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        try {
            history.fail(bookkeeping.connection(), rank, done, error, elapsedMs(started));
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        failures.afterError(session.connection(), m, cause);
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
