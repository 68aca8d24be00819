package dev.migrate.internal.exec;

import dev.migrate.MigrationEvent;
import dev.migrate.internal.history.HistoryTable;
import dev.migrate.internal.recovery.IndexBuild;
import dev.migrate.internal.recovery.IndexBuilds;
import dev.migrate.internal.recovery.StatementEffect;
import dev.migrate.internal.sql.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs one statement of a migration that has no transaction, the lock-safe way: an ordinary
 * statement under {@code lock_timeout}, retried after a backoff when it times out on a lock or
 * deadlocks; a concurrent index build ({@link IndexBuild}) without {@code lock_timeout} (it waits
 * only on locks that reads and writes never queue behind, and cutting it short would leave an
 * INVALID index), with an INVALID index that this or a proven earlier attempt left dropped before
 * it runs again, and the index it built checked to be valid afterwards. Used for SQL files
 * ({@link StatementByStatement}) and for the code of step runners ({@link CodeSession}).
 */
final class LockSafeStatements {
    private final HistoryTable history;
    private final Bookkeeping bookkeeping;
    private final int lockRetries;
    private final Events events;
    private final Failures failures;

    LockSafeStatements(HistoryTable history, Bookkeeping bookkeeping, int lockRetries, Events events, Failures failures) {
        this.history = history;
        this.bookkeeping = bookkeeping;
        this.lockRetries = lockRetries;
        this.events = events;
        this.failures = failures;
    }

    /**
     * A statement that failed for good.
     *
     * @param error    the last failure
     * @param attempts how many attempts were made
     * @param left     what the failure left behind, as a sentence for the message (or "")
     * @param invalid  for an index build that ran without an error yet left its index INVALID (an
     *                 {@code IF NOT EXISTS} that skipped an INVALID one): those indexes; else empty
     */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        final transient SQLException error;
        final int attempts;
        final String left;
        final transient List<IndexBuilds.IndexState> invalid;

        Failed(SQLException error, int attempts, String left, List<IndexBuilds.IndexState> invalid) {
            super(error.getMessage(), error, false, false);
            this.error = error;
            this.attempts = attempts;
            this.left = left;
            this.invalid = invalid;
        }
    }

    /**
     * Runs {@code s} (or, the retry of a detach left pending, its {@code FINALIZE}), retrying after
     * a lock timeout or deadlock unless it runs in the script's own block, whose transaction the
     * failure aborted. {@code instead}, when not null, runs in its place: the {@code FINALIZE} of a
     * detach an earlier attempt left pending. A {@code REINDEX SCHEMA|DATABASE|SYSTEM CONCURRENTLY}
     * is checked for INVALID copies afterwards.
     *
     * @return the attempts it took
     */
    int execute(PreparedMigration m, Connection c, Statement st, SqlStatement s, boolean inBlock, String instead) throws Failed {
        String run = instead == null ? s.sql() : instead;
        for (int attempt = 1; ; attempt++) {
            try {
                st.execute(run);
                String schema = IndexBuild.reindexedSchema(s);
                List<IndexBuilds.IndexState> copies = schema == null ? List.of()
                        : IndexBuilds.invalidCopies(c, schema.isEmpty() ? null : schema);
                if (!copies.isEmpty()) {
                    throw new SQLException("REINDEX ... CONCURRENTLY left INVALID copies: " + IndexBuilds.names(copies)
                            + "; some rebuild did not complete. Drop them (DROP INDEX CONCURRENTLY) and run it again");
                }
                return attempt;
            } catch (SQLException e) {
                if (!inBlock && Failures.isRetryable(e) && attempt <= lockRetries) {
                    try {
                        String finish = StatementEffect.finishDetach(c, s);
                        run = finish != null ? finish : run;
                    } catch (SQLException checking) {
                        e.addSuppressed(checking);
                    }
                    failures.pauseBeforeRetry(m, s, attempt, e);
                    continue;
                }
                throw new Failed(e, attempt, "", List.of());
            }
        }
    }

    /**
     * Runs a concurrent index build: drops what an earlier attempt provably left ({@code proof}, the
     * indexes its table had before that attempt, or null), records the indexes the table has now
     * in the history row of {@code rank}, builds, then checks the result is valid. A deadlock (or a
     * lock timeout the script set itself) drops what this attempt left and tries again.
     *
     * @return the attempts it took
     */
    int buildIndex(PreparedMigration m, Connection c, Statement st, SqlStatement s, IndexBuild build, String proof, int rank)
            throws Failed {
        String before;
        try {
            dropLeftovers(c, m, build, proof);
            before = IndexBuilds.before(c, build);
            if (rank != CodeSession.UNRECORDED) {
                history.noteIndexesBefore(bookkeeping.connection(), rank, before);
            }
        } catch (SQLException e) {
            throw new Failed(e, 1, "Preparing the index build (dropping the INVALID index an earlier attempt left, recording the"
                    + " indexes the table has) failed. ", List.of());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                withoutLockTimeout(st, s);
            } catch (SQLException e) {
                List<IndexBuilds.IndexState> left = leftovers(c, build, before, e);
                if (Failures.isRetryable(e) && attempt <= lockRetries) {
                    try {
                        dropLeftovers(c, m, build, before);
                        failures.pauseBeforeRetry(m, s, attempt, e);
                        continue;
                    } catch (SQLException dropping) {
                        e.addSuppressed(dropping);
                    }
                }
                throw new Failed(e, attempt, left.isEmpty() ? "" : "It left the INVALID index " + IndexBuilds.names(left)
                        + " behind, which enforces nothing but is still maintained on every write; the next attempt"
                        + " (resolve().resume or markRolledBack, then migrate) drops it and builds it again. ", List.of());
            }
            List<IndexBuilds.IndexState> invalid;
            try {
                invalid = IndexBuilds.invalidAfter(c, build, before);
            } catch (SQLException e) {
                throw new Failed(e, attempt, "The statement completed, but checking the index it built failed. ", List.of());
            }
            if (!invalid.isEmpty()) {
                throw new Failed(new SQLException("index " + IndexBuilds.names(invalid) + " is INVALID after the statement ran"),
                        attempt, "", invalid);
            }
            return attempt;
        }
    }

    private void dropLeftovers(Connection c, PreparedMigration m, IndexBuild build, String before) throws SQLException {
        for (IndexBuilds.IndexState left : IndexBuilds.leftovers(c, build, before)) {
            IndexBuilds.drop(c, left);
            events.publish(new MigrationEvent.InvalidIndexDropped(m.script(), build.line(), left.qualified()));
        }
    }

    private static List<IndexBuilds.IndexState> leftovers(Connection c, IndexBuild build, String before, SQLException e) {
        try {
            return IndexBuilds.invalidAfter(c, build, before);
        } catch (SQLException checking) {
            e.addSuppressed(checking);
            return List.of();
        }
    }

    /** Runs a statement that may wait as long as it needs for its lock; the session's own lock_timeout is put back after. */
    private static void withoutLockTimeout(Statement st, SqlStatement s) throws SQLException {
        String previous;
        try (ResultSet rs = st.executeQuery("SELECT current_setting('lock_timeout'), set_config('lock_timeout', '0', false)")) {
            rs.next();
            previous = rs.getString(1);
        }
        try {
            st.execute(s.sql());
        } finally {
            try (PreparedStatement ps = st.getConnection().prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
                ps.setString(1, previous);
                ps.execute();
            } catch (SQLException inAbortedBlock) {
                // The script's own transaction block is aborted; the session is restored when the failure is recorded.
            }
        }
    }
}
