package dev.migrate.internal.recovery;

import dev.migrate.ErrorCode;
import dev.migrate.ValidationProblem;
import dev.migrate.internal.history.Backend;
import dev.migrate.internal.history.HistoryRow;
import dev.migrate.internal.sql.SqlStatement;
import dev.migrate.internal.sql.StatementKinds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;

/**
 * How far a failed or interrupted non-transactional run really got: the history's count, checked
 * against the catalog for the one statement the count can lag behind (the one in flight when the
 * run stopped), and whether the run's server session is still at work. What status(), migrate()
 * and resolve() report, and where {@code resolve().resume()} continues.
 */
public final class Recovery {
    private Recovery() {
    }

    /**
     * A failed or interrupted run, reconciled with the catalog.
     *
     * @param row        the run's history row
     * @param statements the local script's statements, or null when the script is missing or unreadable
     * @param effect     the catalog's word on statement {@code row.statementsDone()}, or null when
     *                   there is none (no script, or every statement recorded)
     * @param activity   what the run's server session is doing, or null when it is gone
     * @param code       how the script runs when it is code rather than statements (a step runner's
     *                   code, which records its own progress, or a Java migration, which records none);
     *                   null for statements
     */
    public record Reconciled(HistoryRow row, List<SqlStatement> statements, StatementEffect effect, Activity activity, Code code) {

        /** Statements that took effect, by the catalog where it can tell, else by the history. */
        public int done() {
            return row.statementsDone() + (effect != null && effect.outcome() == StatementEffect.Outcome.TOOK_EFFECT ? 1 : 0);
        }

        /** The first statement to run when resuming, or -1 when the catalog cannot tell whether the one in flight took effect. */
        public int resumeAt() {
            if (code == Code.PROGRESS && activity == null) {
                return row.statementsDone();
            }
            if (activity != null || statements == null) {
                return -1;
            }
            return effect != null && effect.outcome() == StatementEffect.Outcome.UNKNOWN ? -1 : done();
        }

        /** Whether the history's count was behind the catalog. */
        public boolean corrected() {
            return done() != row.statementsDone();
        }
    }

    /** A script that runs as code. */
    public enum Code {
        /** A step runner's code, which records how far it got and continues from there. */
        PROGRESS,
        /** A Java migration, which records no progress: it can only be run again from the start. */
        NO_PROGRESS
    }

    /**
     * What a server session is doing now.
     *
     * @param state   {@code pg_stat_activity.state}
     * @param query   its current (or last) statement
     * @param running how long that statement has run
     */
    public record Activity(String state, String query, Duration running) {
        /** Whether a statement is running (or waiting on a lock) right now. */
        public boolean active() {
            return !"idle".equals(state);
        }
    }

    /**
     * Reconciles {@code row} (FAILED or RUNNING) with the catalog, on {@code c}.
     *
     * @param searchPath the managed schemas, quoted and comma-separated, which the run had first on
     *                   its search path
     */
    public static Reconciled reconcile(Connection c, HistoryRow row, List<SqlStatement> statements, String searchPath)
            throws SQLException {
        Activity activity = activeSession(c, row);
        StatementEffect effect = null;
        if (activity == null && statements != null && row.statementsDone() < statements.size()) {
            effect = probe(c, row, statements, searchPath);
        }
        return new Reconciled(row, statements, effect, activity, null);
    }

    /** Reconciles the row of a script that runs as code: only its server session can be checked. */
    public static Reconciled reconcileCode(Connection c, HistoryRow row, Code code) throws SQLException {
        return new Reconciled(row, null, null, activeSession(c, row), code);
    }

    private static Activity activeSession(Connection c, HistoryRow row) throws SQLException {
        Activity activity = row.state() == HistoryRow.State.RUNNING && row.backend() != null ? activity(c, row.backend()) : null;
        // A session that lives on but is idle has finished its statement, so the catalog can say.
        return activity != null && activity.active() ? activity : null;
    }

    /**
     * Probes the statement in flight with the search path it ran with: the managed schemas first,
     * then what the script's earlier statements set, applied with SET LOCAL in a transaction that
     * is rolled back. The search path decides what the statement's names mean.
     */
    private static StatementEffect probe(Connection c, HistoryRow row, List<SqlStatement> statements, String searchPath)
            throws SQLException {
        SqlStatement next = statements.get(row.statementsDone());
        boolean failed = row.state() == HistoryRow.State.FAILED;
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (java.sql.Statement st = c.createStatement(); PreparedStatement path = c.prepareStatement(
                "SELECT set_config('search_path', ? || ', ' || current_setting('search_path'), true)")) {
            path.setString(1, searchPath);
            path.execute();
            for (int i = 0; i < row.statementsDone(); i++) {
                SqlStatement earlier = statements.get(i);
                boolean sets = earlier.hasWord("SEARCH_PATH") || earlier.word(1).equals("SCHEMA")
                        || earlier.startsWith("SET", "SESSION", "SCHEMA");
                String local = sets ? StatementKinds.asLocal(earlier) : null;
                if (local != null) {
                    st.execute(local);
                }
            }
            return StatementEffect.probe(c, next, failed, row.indexesBefore());
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /** What {@code backend} is doing, or null when that server process is gone. */
    public static Activity activity(Connection c, Backend backend) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state, query,"
                + " COALESCE(extract(epoch FROM clock_timestamp() - query_start), 0)::float8"
                + " FROM pg_catalog.pg_stat_activity WHERE pid = ?"
                + " AND abs(extract(epoch FROM backend_start - ?::timestamptz)) < 0.001")) {
            ps.setInt(1, backend.pid());
            ps.setTimestamp(2, backend.started() == null ? null : Timestamp.from(backend.started()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Activity(rs.getString(1), rs.getString(2), Duration.ofMillis(Math.round(rs.getDouble(3) * 1000)));
            }
        }
    }

    /** The problem that blocks further runs, with how far the run got and what to do. */
    public static ValidationProblem problem(Reconciled r) {
        HistoryRow row = r.row();
        String name = row.version() == null ? row.description() : row.version().toString();
        String which = row.version() == null ? "Repeatable migration '" + row.description() + "'" : "Version " + row.version();
        int total = r.statements() == null ? row.statementsTotal() : r.statements().size();
        StringBuilder what = new StringBuilder(which);
        if (r.activity() != null) {
            Backend b = row.backend();
            what.append(" is being applied by backend pid ").append(b.pid())
                    .append(b.applicationName() == null ? "" : " (application '" + b.applicationName() + "')")
                    .append(", which is ").append(r.activity().state()).append(" now (for ").append(seconds(r.activity().running()))
                    .append(", running ").append(StatementKinds.kindOf(r.activity().query())).append("). ").append(row.statementsDone()).append(" of ")
                    .append(total).append(" statements are recorded as complete.");
            return new ValidationProblem(ErrorCode.FAILED_MIGRATION, row.script(), 0, what.toString(),
                    "If its runner is still migrating, wait for it. If the runner's process stopped, PostgreSQL finishes the"
                            + " statement and then ends the session; wait for that, or stop it with SELECT pg_cancel_backend("
                            + b.pid() + "), then run again.");
        }
        if (row.state() == HistoryRow.State.RUNNING) {
            what.append(" was interrupted: its run stopped before finishing")
                    .append(row.backend() == null ? "" : " (its server session, backend pid " + row.backend().pid() + ", is gone)");
        } else {
            what.append(" failed: ").append(firstLine(row.error()));
        }
        what.append('.');
        int recorded = row.statementsDone();
        if (r.code() != null) {
            what.append(r.code() == Code.PROGRESS ? " Its code recorded " + recorded + " unit(s) of work as complete."
                    : " It is Java code, which records no progress of its own.");
            return new ValidationProblem(ErrorCode.FAILED_MIGRATION, row.script(), 0, what.toString(), fix(r, name, 0, null));
        }
        SqlStatement next = r.statements() != null && recorded < r.statements().size() ? r.statements().get(recorded) : null;
        StatementEffect e = r.effect();
        String of = " of " + total + " statements completed.";
        if (e != null && next != null) {
            String statement = "tatement " + (recorded + 1) + " (line " + next.line() + ")";
            switch (e.outcome()) {
                case TOOK_EFFECT -> what.append(" The history recorded ").append(recorded).append(", but s").append(statement)
                        .append(" completed after that (").append(e.detail()).append("): ").append(r.done()).append(of);
                case NOT_DONE -> what.append(" S").append(statement).append(" did not complete (").append(e.detail()).append("): ")
                        .append(recorded).append(of);
                case LEFT_INVALID, DETACH_PENDING -> what.append(" S").append(statement).append(" stopped part-way: ")
                        .append(e.detail()).append(". ").append(recorded).append(of);
                case REPEATABLE -> what.append(" Whether s").append(statement).append(" completed cannot be told, and ")
                        .append(e.detail()).append(": ").append(recorded).append(of);
                case UNKNOWN -> what.append(" Whether s").append(statement).append(" completed cannot be told (").append(e.detail())
                        .append("): ").append(recorded).append(" or ").append(recorded + 1).append(of);
            }
        } else {
            what.append(' ').append(recorded).append(of);
        }
        return new ValidationProblem(ErrorCode.FAILED_MIGRATION, row.script(), next == null ? 0 : next.line(), what.toString(),
                fix(r, name, total, next));
    }

    private static String fix(Reconciled r, String name, int total, SqlStatement next) {
        String undo = "or finish or undo by hand what it left half-done, then call resolve().markApplied(\"" + name
                + "\") if its change is now complete, or resolve().markRolledBack(\"" + name + "\") to run it again from the start.";
        if (r.code() == Code.PROGRESS) {
            return "Call resolve().resume(\"" + name + "\"): the next migrate() runs its code again, which continues after the "
                    + r.row().statementsDone() + " unit(s) it recorded; " + undo;
        }
        if (r.code() == Code.NO_PROGRESS) {
            return "Finish or undo by hand what it left half-done, then call resolve().markApplied(\"" + name
                    + "\") if its change is now complete, or resolve().markRolledBack(\"" + name + "\") to run it again from the start.";
        }
        if (r.statements() == null) {
            return "Restore its script to resume it; " + undo;
        }
        if (r.done() >= total) {
            return "Every statement took effect: resolve().markApplied(\"" + name + "\") records it as applied, as does"
                    + " resolve().resume(\"" + name + "\") followed by migrate().";
        }
        if (r.resumeAt() < 0) {
            int n = r.row().statementsDone() + 1;
            return "Check by hand whether statement " + n + " (line " + next.line() + ") took effect; then resolve().resume(\""
                    + name + "\", " + n + ") runs it again on the next migrate(), resolve().resume(\"" + name + "\", " + (n + 1)
                    + ") continues after it; " + undo;
        }
        SqlStatement from = r.statements().get(r.resumeAt());
        return "Call resolve().resume(\"" + name + "\"): the next migrate() continues with statement " + (r.resumeAt() + 1) + " of "
                + total + " (line " + from.line() + ")" + (r.effect() != null && r.effect().outcome() == StatementEffect.Outcome.LEFT_INVALID
                ? ", dropping the INVALID index it left if it can prove it made it" : "") + "; " + undo;
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    private static String firstLine(String error) {
        if (error == null) {
            return "no error recorded";
        }
        int nl = error.indexOf('\n');
        return nl < 0 ? error : error.substring(0, nl);
    }
}
