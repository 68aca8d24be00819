package dev.migrate.internal.engine;

import dev.migrate.InvalidMigrationException;
import dev.migrate.MigrationEvent;
import dev.migrate.Status;
import dev.migrate.ValidationProblem;
import dev.migrate.internal.exec.Backoff;
import dev.migrate.internal.exec.Events;
import dev.migrate.internal.exec.PreparedMigration;
import dev.migrate.internal.exec.ScriptPreparer;
import dev.migrate.internal.history.HistoryRow;
import dev.migrate.internal.jdbc.Identifiers;
import dev.migrate.internal.recovery.Recovery;
import dev.migrate.internal.sql.StatementKinds;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the history's account of failed and interrupted runs into what the database says: each
 * run's problem is rewritten from {@link Recovery}, after waiting (when asked, and at most
 * {@code lockWait}) for a run whose server session still executes a statement though its client
 * is gone. Does nothing, and costs nothing, when no run failed.
 */
final class Reconciliation {
    private static final Duration POLL = Duration.ofMillis(200);

    private final ScriptPreparer preparer;
    private final Events events;
    private final Duration wait;
    private final String searchPath;

    /** @param schemas the managed schemas, first on the search path of every run */
    Reconciliation(ScriptPreparer preparer, Events events, Duration wait, List<String> schemas) {
        this.preparer = preparer;
        this.events = events;
        this.wait = wait;
        this.searchPath = String.join(", ", schemas.stream().map(Identifiers::quote).toList());
    }

    /**
     * The evaluation with each failed run's problem reconciled with the catalog.
     *
     * @param waitForSessions whether to wait for the sessions of interrupted runs that are still
     *                        active: only under the migration lock, where no live runner can own them
     */
    Evaluation reconcile(Connection c, Evaluation evaluation, int serverMajor, boolean waitForSessions) throws SQLException {
        if (evaluation.failed().isEmpty()) {
            return evaluation;
        }
        List<ValidationProblem> problems = new ArrayList<>(evaluation.status().problems());
        for (Evaluation.Failed f : evaluation.failed()) {
            if (waitForSessions) {
                awaitSession(c, f);
            }
            Recovery.Reconciled r = reconciled(c, f, serverMajor);
            int at = problems.indexOf(f.problem());
            if (at >= 0) {
                problems.set(at, Recovery.problem(r));
            }
        }
        Status status = new Status(evaluation.status().migrations(), problems, evaluation.status().warnings());
        return new Evaluation(status, evaluation.pending(), evaluation.applied(), evaluation.nextRank(), evaluation.interrupted(),
                evaluation.failed(), evaluation.prior());
    }

    /** The failed run of {@code f}, checked against the catalog. */
    Recovery.Reconciled reconciled(Connection c, Evaluation.Failed f, int serverMajor) throws SQLException {
        PreparedMigration p = prepared(f, serverMajor);
        if (p != null && p.body() != null) {
            return Recovery.reconcileCode(c, f.row(), p.migration().java() != null && !p.down()
                    ? Recovery.Code.NO_PROGRESS : Recovery.Code.PROGRESS);
        }
        return Recovery.reconcile(c, f.row(), p == null ? null : p.statements(), searchPath);
    }

    /** The local script of a failed run, ready to run; null when none is provided or it cannot be read. */
    PreparedMigration prepared(Evaluation.Failed f, int serverMajor) {
        if (f.local() == null) {
            return null;
        }
        try {
            return f.row().script().equals(f.local().script()) ? preparer.prepare(f.local(), serverMajor)
                    : f.local().down() != null && f.row().script().equals(f.local().down().path())
                    ? preparer.prepareDown(f.local(), serverMajor) : preparer.prepare(f.local(), serverMajor);
        } catch (InvalidMigrationException e) {
            return null;
        }
    }

    /** Waits, at most {@code wait}, while the server session of an interrupted run is still executing. */
    private void awaitSession(Connection c, Evaluation.Failed f) throws SQLException {
        HistoryRow row = f.row();
        if (row.state() != HistoryRow.State.RUNNING || row.backend() == null) {
            return;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        Recovery.Activity activity = Recovery.activity(c, row.backend());
        if (activity == null || !activity.active()) {
            return;
        }
        events.publish(new MigrationEvent.WaitingForInterruptedRun(row.script(), row.backend().pid(),
                StatementKinds.kindOf(activity.query()), wait));
        while (activity != null && activity.active() && System.nanoTime() < deadline) {
            Backoff.sleep(POLL);
            activity = Recovery.activity(c, row.backend());
        }
    }
}
