package dev.migrate.internal.engine;

import dev.migrate.ErrorCode;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationKind;
import dev.migrate.MigrationState;
import dev.migrate.Status;
import dev.migrate.ValidationProblem;
import dev.migrate.Version;
import dev.migrate.internal.exec.PriorAttempt;
import dev.migrate.internal.history.HistoryRow;
import dev.migrate.internal.history.HistoryTable;
import dev.migrate.internal.source.ResolvedMigration;
import dev.migrate.internal.source.SourceSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Joins the migrations found in the locations with the history rows into states and problems. */
final class StateEvaluator {
    private final boolean outOfOrder;
    private final Version target;

    /** @param target the newest version to apply, or null for all */
    StateEvaluator(boolean outOfOrder, Version target) {
        this.outOfOrder = outOfOrder;
        this.target = target;
    }

    Evaluation evaluate(SourceSet sources, List<HistoryRow> rows) {
        // Rows come in rank order, and the history only grows: a migration's latest row says where it stands.
        Map<Version, HistoryRow> byVersion = new HashMap<>();
        Map<String, HistoryRow> byDescription = new HashMap<>();
        // Rolled-back transactional attempts left nothing: they are kept apart, for the record.
        Map<Object, HistoryRow> aborted = new HashMap<>();
        // The latest run that stopped part-way, for the proof of what it left.
        Map<Object, HistoryRow> stopped = new HashMap<>();
        int maxRank = 0;
        for (HistoryRow row : rows) {
            maxRank = Math.max(maxRank, row.rank());
            Object key = key(row.kind(), row.version(), row.description());
            if (row.state() == HistoryRow.State.ABORTED) {
                aborted.put(key, row);
                continue;
            }
            aborted.remove(key);
            if (row.state() == HistoryRow.State.FAILED || row.state() == HistoryRow.State.RUNNING) {
                stopped.put(key, row);
            } else if (row.state().countsAsApplied()) {
                stopped.remove(key);
            }
            if (row.kind() == MigrationKind.VERSIONED) {
                byVersion.put(row.version(), row);
            } else {
                byDescription.put(row.description(), row);
            }
        }
        Map<String, PriorAttempt> prior = new HashMap<>();
        List<Evaluation.Failed> failedRuns = new ArrayList<>();
        // A migration whose latest row is RESUME is pending again, from where that row says.
        Map<Version, HistoryRow> resume = new HashMap<>();
        Map<String, HistoryRow> resumeRepeatable = new HashMap<>();
        for (HistoryRow row : byVersion.values()) {
            if (row.state() == HistoryRow.State.RESUME) {
                resume.put(row.version(), row);
            }
        }
        for (HistoryRow row : byDescription.values()) {
            if (row.state() == HistoryRow.State.RESUME) {
                resumeRepeatable.put(row.description(), row);
            }
        }
        byVersion.values().removeIf(row -> row.state() == HistoryRow.State.RESUME);
        byDescription.values().removeIf(row -> row.state() == HistoryRow.State.RESUME);
        byVersion.values().removeIf(row -> row.state() == HistoryRow.State.ROLLED_BACK);
        byDescription.values().removeIf(row -> row.state() == HistoryRow.State.ROLLED_BACK);
        Version latestApplied = null;
        Version baseline = null;
        for (HistoryRow row : byVersion.values()) {
            if (row.state().countsAsApplied() && (latestApplied == null || row.version().isNewerThan(latestApplied))) {
                latestApplied = row.version();
            }
            if (row.state() == HistoryRow.State.BASELINE) {
                baseline = row.version();
            }
        }
        List<ValidationProblem> problems = new ArrayList<>(sources.problems());
        List<ValidationProblem> warnings = new ArrayList<>();
        List<MigrationInfo> infos = new ArrayList<>();
        List<ResolvedMigration> pending = new ArrayList<>();
        List<ResolvedMigration> applied = new ArrayList<>();
        boolean interrupted = false;

        Version newestLocal = null;
        for (ResolvedMigration m : sources.versioned()) {
            newestLocal = m.version();
            HistoryRow row = byVersion.remove(m.version());
            HistoryRow resumed = resume.get(m.version());
            Object key = key(MigrationKind.VERSIONED, m.version(), m.description());
            MigrationState state;
            if (row == null && baseline != null && !m.version().isNewerThan(baseline)) {
                state = MigrationState.BELOW_BASELINE;
            } else if (row != null && row.state() == HistoryRow.State.BASELINE) {
                state = MigrationState.BASELINE;
            } else if (row == null) {
                state = latestApplied != null && latestApplied.isNewerThan(m.version()) ? MigrationState.OUT_OF_ORDER : MigrationState.PENDING;
                if (state == MigrationState.OUT_OF_ORDER && !outOfOrder) {
                    problems.add(new ValidationProblem(ErrorCode.OUT_OF_ORDER, m.script(), 0, "Version " + m.version()
                            + " is not applied, but the newer version " + latestApplied + " already is.",
                            "Give it a version newer than " + latestApplied + " (rename the file), or allow it with outOfOrder(true)."));
                } else if (target == null || !m.version().isNewerThan(target)) {
                    pending.add(m);
                    prior(prior, m, resumed, stopped.get(key));
                    if (state == MigrationState.OUT_OF_ORDER) {
                        warnings.add(new ValidationProblem(ErrorCode.OUT_OF_ORDER, m.script(), 0, "Version " + m.version()
                                + " will be applied out of order, after the newer version " + latestApplied + ".",
                                "Nothing to do if that is intended (outOfOrder is on); check that it does not depend on"
                                        + " anything newer versions changed."));
                    }
                }
            } else if (!row.state().countsAsApplied()) {
                state = MigrationState.FAILED;
                interrupted |= row.state() == HistoryRow.State.RUNNING;
                ValidationProblem problem = failed(row);
                problems.add(problem);
                failedRuns.add(new Evaluation.Failed(row, m, problem));
            } else if (!m.checksum().equals(row.checksum())) {
                state = MigrationState.MODIFIED;
                problems.add(new ValidationProblem(ErrorCode.CHECKSUM_MISMATCH, m.script(), 0, "Changed since it was applied:"
                        + " checksum applied " + row.checksum() + ", local " + m.checksum() + ".",
                        "Restore the applied content (git log -p " + m.script() + "), and put the change in a new migration."));
            } else {
                state = MigrationState.APPLIED;
                applied.add(m);
            }
            HistoryRow shown = row != null ? row : resumed;
            infos.add(new MigrationInfo(MigrationKind.VERSIONED, m.version(), m.description(), m.script(), state, m.checksum(),
                    shown == null ? null : shown.toRecord(), record(aborted.get(key))));
        }
        for (HistoryRow row : byVersion.values()) {
            boolean future = newestLocal == null || row.version().isNewerThan(newestLocal);
            MigrationState state = row.state() == HistoryRow.State.BASELINE ? MigrationState.BASELINE
                    : !row.state().countsAsApplied() ? MigrationState.FAILED
                    : future ? MigrationState.FUTURE : MigrationState.MISSING;
            if (state == MigrationState.FAILED) {
                interrupted |= row.state() == HistoryRow.State.RUNNING;
                ValidationProblem problem = failed(row);
                problems.add(problem);
                failedRuns.add(new Evaluation.Failed(row, null, problem));
            } else if (state == MigrationState.FUTURE) {
                warnings.add(new ValidationProblem(ErrorCode.FUTURE_MIGRATION, row.script(), 0, "Version " + row.version()
                        + " was applied by a newer release of the application; this one does not know it.",
                        "Normal while a rolling deploy is under way. Otherwise, deploy the release that has " + row.script()
                                + ", or check the locations setting."));
            } else if (state == MigrationState.MISSING) {
                problems.add(new ValidationProblem(ErrorCode.MISSING_MIGRATION, row.script(), 0, "Version " + row.version()
                        + " is applied (rank " + row.rank() + ") but no location provides it.",
                        "Restore the file, or check the locations setting."));
            }
            infos.add(new MigrationInfo(MigrationKind.VERSIONED, row.version(), row.description(), row.script(), state, null,
                    row.toRecord()));
        }
        infos.sort(Comparator.comparing(MigrationInfo::version));

        for (ResolvedMigration m : sources.repeatable()) {
            HistoryRow row = byDescription.remove(m.description());
            HistoryRow resumed = resumeRepeatable.get(m.description());
            Object key = key(MigrationKind.REPEATABLE, null, m.description());
            MigrationState state;
            if (row != null && !row.state().countsAsApplied()) {
                state = MigrationState.FAILED;
                interrupted |= row.state() == HistoryRow.State.RUNNING;
                ValidationProblem problem = failed(row);
                problems.add(problem);
                failedRuns.add(new Evaluation.Failed(row, m, problem));
            } else {
                state = row == null ? MigrationState.PENDING
                        : m.checksum().equals(row.checksum()) ? MigrationState.APPLIED : MigrationState.OUTDATED;
                if (state != MigrationState.APPLIED) {
                    pending.add(m);
                    prior(prior, m, resumed, stopped.get(key));
                }
            }
            HistoryRow shown = row != null ? row : resumed;
            infos.add(new MigrationInfo(MigrationKind.REPEATABLE, null, m.description(), m.script(), state, m.checksum(),
                    shown == null ? null : shown.toRecord(), record(aborted.get(key))));
        }
        for (HistoryRow row : byDescription.values()) {
            infos.add(new MigrationInfo(MigrationKind.REPEATABLE, null, row.description(), row.script(), MigrationState.MISSING,
                    null, row.toRecord()));
        }
        return new Evaluation(new Status(infos, problems, warnings), pending, applied, maxRank + 1, interrupted, failedRuns, prior);
    }

    /**
     * Notes where a pending migration starts (where {@code resume()} said, else at the start) and
     * what its latest stopped run was at, when it had one.
     */
    private static void prior(Map<String, PriorAttempt> prior, ResolvedMigration m, HistoryRow resumed, HistoryRow stopped) {
        if (resumed == null && stopped == null) {
            return;
        }
        prior.put(m.script(), new PriorAttempt(resumed == null ? 0 : resumed.statementsDone(),
                stopped == null ? -1 : stopped.statementsDone(), stopped == null ? null : stopped.indexesBefore(), resumed != null));
    }

    /** A migration's identity across rows: its version, or for a repeatable one its description (a String). */
    private static Object key(MigrationKind kind, Version version, String description) {
        return kind == MigrationKind.VERSIONED ? version : description;
    }

    private static dev.migrate.AppliedRecord record(HistoryRow row) {
        return row == null ? null : row.toRecord();
    }

    private ValidationProblem failed(HistoryRow row) {
        String what = row.state() == HistoryRow.State.RUNNING
                ? "was interrupted (its process stopped before finishing)"
                : "failed: " + firstLine(row.error());
        String which = row.version() == null ? "Repeatable migration '" + row.description() + "'" : "Version " + row.version();
        return new ValidationProblem(ErrorCode.FAILED_MIGRATION, row.script(), 0, which + " " + what
                + "; " + row.statementsDone() + " of " + row.statementsTotal() + " statements completed.",
                HistoryTable.resolutionHint(row.version() == null ? row.description() : row.version().toString()));
    }

    private static String firstLine(String error) {
        if (error == null) {
            return "no error recorded";
        }
        int nl = error.indexOf('\n');
        return nl < 0 ? error : error.substring(0, nl);
    }
}
