package dev.migrate.internal.engine;

import dev.migrate.ErrorCode;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationKind;
import dev.migrate.MigrationState;
import dev.migrate.Resolve;
import dev.migrate.ResolveResult;
import dev.migrate.ValidationException;
import dev.migrate.ValidationProblem;
import dev.migrate.Version;
import dev.migrate.TransactionMode;
import dev.migrate.internal.exec.PreparedMigration;
import dev.migrate.internal.history.HistoryRow;
import dev.migrate.internal.history.HistoryTable;
import dev.migrate.internal.recovery.Recovery;
import dev.migrate.internal.sql.StatementKinds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code resolve()} and {@code baseline()}: history rows written on a person's word, without
 * running a script. Called under the migration lock with a fresh evaluation; every row it adds
 * keeps who and when, and nothing earlier is changed or deleted.
 */
final class Resolver {
    private static final String BASELINE_SCRIPT = "<< baseline >>";

    private final HistoryTable history;
    private final String installedBy;

    Resolver(HistoryTable history, String installedBy) {
        this.history = history;
        this.installedBy = installedBy;
    }

    /**
     * Records the resolution. For {@code RESUME}, {@code reconciled} is the failed run checked
     * against the catalog and {@code prepared} its local script, or null when there is none.
     */
    ResolveResult resolve(Connection c, Evaluation evaluation, Resolve.Action action, String migration, int fromStatement,
                          Recovery.Reconciled reconciled, PreparedMigration prepared) throws SQLException {
        int rank = evaluation.nextRank();
        List<ResolveResult.Resolved> done = new ArrayList<>();
        if (action == Resolve.Action.ACCEPT_CHECKSUMS) {
            for (MigrationInfo m : evaluation.status().inState(MigrationState.MODIFIED)) {
                record(c, rank++, m, HistoryRow.State.RESOLVED, m.checksum());
                done.add(resolved(m, MigrationState.APPLIED, m.checksum()));
            }
            return new ResolveResult(done);
        }
        MigrationInfo m = find(evaluation, migration);
        if (action == Resolve.Action.RESUME) {
            int from = resumePoint(m, fromStatement, reconciled, prepared);
            history.insertResolution(c, rank, new HistoryTable.Entry(m.kind(), m.version(), m.description(), m.script(),
                    m.checksum()), installedBy, HistoryRow.State.RESUME, from, prepared.units());
            done.add(resolved(m, MigrationState.PENDING, m.checksum()));
            return new ResolveResult(done);
        }
        if (action == Resolve.Action.MARK_APPLIED) {
            if (m.state() != MigrationState.FAILED && !m.state().isPending()) {
                throw refused(m, "is " + describe(m.state()) + ", so it cannot be marked applied.",
                        m.state() == MigrationState.MODIFIED ? "To accept its edited file, use resolve().acceptChecksums()."
                                : "Nothing to resolve.");
            }
            String checksum = m.checksum() != null ? m.checksum() : m.applied().checksum();
            record(c, rank, m, HistoryRow.State.RESOLVED, checksum);
            done.add(resolved(m, MigrationState.APPLIED, checksum));
        } else {
            if (m.state() != MigrationState.FAILED) {
                throw refused(m, "is " + describe(m.state()) + "; only a failed or interrupted migration can be marked rolled back.",
                        m.state() == MigrationState.APPLIED ? "To revert an applied migration, use rollback()." : "Nothing to resolve.");
            }
            record(c, rank, m, HistoryRow.State.ROLLED_BACK, m.applied().checksum());
            done.add(resolved(m, MigrationState.PENDING, m.applied().checksum()));
        }
        return new ResolveResult(done);
    }

    /** Where a resumed run starts (0-based), after checking that resuming fits the migration's state. */
    private static int resumePoint(MigrationInfo m, int fromStatement, Recovery.Reconciled r, PreparedMigration prepared) {
        if (m.state() != MigrationState.FAILED || r == null) {
            throw refused(m, "is " + describe(m.state()) + "; only a failed or interrupted migration can be resumed.",
                    m.state().isPending() ? "migrate() runs it." : "Nothing to resolve.");
        }
        if (prepared == null) {
            throw refused(m, "failed, but no location provides its script any more, so there is nothing to resume from.",
                    "Restore the script, or resolve it with markApplied / markRolledBack.");
        }
        if (!r.row().script().equals(m.script())) {
            throw refused(m, "failed while its down script " + r.row().script() + " ran; resume continues migrations, not"
                    + " rollbacks.", "Finish or undo the down script's work by hand, then call resolve().markApplied(\""
                    + nameOf(m) + "\") (the migration stays applied) or resolve().markRolledBack(\"" + nameOf(m) + "\").");
        }
        if (prepared.mode() == TransactionMode.TRANSACTIONAL) {
            throw refused(m, "runs in a transaction, so none of it was applied: there is nothing to resume.",
                    "Call resolve().markRolledBack(\"" + nameOf(m) + "\") and migrate again.");
        }
        if (r.activity() != null) {
            throw refused(m, "is still being applied by backend pid " + r.row().backend().pid() + ".",
                    "Wait for it to finish (or stop it with SELECT pg_cancel_backend(" + r.row().backend().pid() + ")), then resume.");
        }
        if (r.code() == Recovery.Code.NO_PROGRESS) {
            throw refused(m, "is a Java migration, which records no progress of its own, so there is no point to resume from.",
                    "Finish or undo by hand what it left half-done, then call resolve().markApplied(\"" + nameOf(m)
                            + "\") or resolve().markRolledBack(\"" + nameOf(m) + "\").");
        }
        int total = prepared.statements().size();
        if (fromStatement == 0 && !java.util.Objects.equals(m.checksum(), r.row().checksum())) {
            throw refused(m, "was edited since it failed (checksum then " + r.row().checksum() + ", now " + m.checksum()
                    + "), so where it stopped may no longer be the same " + (r.code() == null ? "statement" : "unit of work")
                    + ".", "Check which " + (r.code() == null ? "statement" : "unit") + " of the edited script comes next, then"
                    + " call resolve().resume(\"" + nameOf(m) + "\", n) with its number (1 for the first); or markRolledBack"
                    + " and run it from the start.");
        }
        if (r.code() == Recovery.Code.PROGRESS) {
            return fromStatement > 0 ? fromStatement - 1 : r.resumeAt();
        }
        if (fromStatement > 0) {
            if (fromStatement > total + 1) {
                throw refused(m, "has " + total + " statements; it cannot resume from statement " + fromStatement + ".",
                        "Give a statement from 1 to " + (total + 1) + " (" + (total + 1) + " runs none and records it as applied).");
            }
            return fromStatement - 1;
        }
        for (int i = 0; i < r.resumeAt(); i++) {
            var skipped = prepared.statements().get(i);
            if (StatementKinds.setsSettingsUnrepeatably(skipped)) {
                throw refused(m, "would resume after statement " + (i + 1) + " (line " + skipped.line() + "), which changes"
                        + " session settings in a way resuming cannot repeat (a DO block, CALL or set_config).",
                        "If the statements after it do not depend on those settings, call resolve().resume(\"" + nameOf(m) + "\", "
                                + (r.resumeAt() + 1) + "); otherwise undo by hand and markRolledBack.");
            }
        }
        if (r.resumeAt() < 0) {
            int n = r.row().statementsDone() + 1;
            throw refused(m, "stopped while statement " + n + " was running, and the catalog cannot tell whether it took effect.",
                    "Check by hand, then call resolve().resume(\"" + nameOf(m) + "\", " + n + ") to run it again or resume(\""
                            + nameOf(m) + "\", " + (n + 1) + ") to continue after it.");
        }
        return r.resumeAt();
    }

    /** Adopts an existing database at {@code version}: that version and every older one count as applied. */
    void baseline(Connection c, Evaluation evaluation, Version version, String description) throws SQLException {
        if (evaluation.nextRank() > 1) {
            throw new ValidationException(List.of(new ValidationProblem(ErrorCode.INVALID_RESOLUTION, history.qualifiedName(), 0,
                    "Cannot baseline at " + version + ": the history already has " + (evaluation.nextRank() - 1) + " row(s).",
                    "baseline() adopts a database that has no history yet. Here, run migrate(), or resolve() individual migrations.")));
        }
        history.insertResolution(c, 1, new HistoryTable.Entry(MigrationKind.VERSIONED, version, description, BASELINE_SCRIPT, null),
                installedBy, HistoryRow.State.BASELINE, 0, 0);
    }

    private void record(Connection c, int rank, MigrationInfo m, HistoryRow.State state, String checksum) throws SQLException {
        int total = m.applied() == null ? 0 : m.applied().statementsTotal();
        int statementsDone = state == HistoryRow.State.ROLLED_BACK ? 0 : total;
        history.insertResolution(c, rank, new HistoryTable.Entry(m.kind(), m.version(), m.description(), m.script(), checksum),
                installedBy, state, statementsDone, total);
    }

    private static MigrationInfo find(Evaluation evaluation, String migration) {
        Version version = Version.isVersion(migration) ? Version.parse(migration) : null;
        for (MigrationInfo m : evaluation.status().migrations()) {
            boolean match = version != null ? version.equals(m.version())
                    : m.kind() == MigrationKind.REPEATABLE && m.description().equals(migration);
            if (match) {
                return m;
            }
        }
        throw new ValidationException(List.of(new ValidationProblem(ErrorCode.INVALID_RESOLUTION, migration, 0,
                "No migration is known as '" + migration + "', locally or in the history.",
                "Name a versioned migration by its version (as in its file name) or a repeatable one by its description;"
                        + " status() lists them.")));
    }

    private static ValidationException refused(MigrationInfo m, String why, String fix) {
        String name = m.version() == null ? "Repeatable migration '" + m.description() + "'" : "Version " + m.version();
        return new ValidationException(List.of(new ValidationProblem(ErrorCode.INVALID_RESOLUTION, m.script(), 0,
                name + " " + why, fix)));
    }

    private static String nameOf(MigrationInfo m) {
        return m.version() == null ? m.description() : m.version().toString();
    }

    private static String describe(MigrationState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private static ResolveResult.Resolved resolved(MigrationInfo m, MigrationState after, String checksum) {
        return new ResolveResult.Resolved(m.kind(), m.version(), m.description(), m.script(), m.state(), after, checksum);
    }
}
