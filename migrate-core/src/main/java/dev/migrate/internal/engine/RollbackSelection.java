package dev.migrate.internal.engine;

import dev.migrate.ConfigurationException;
import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.ValidationException;
import dev.migrate.ValidationProblem;
import dev.migrate.Version;
import dev.migrate.internal.exec.PreparedMigration;
import dev.migrate.internal.exec.ScriptPreparer;
import dev.migrate.internal.history.HistoryRow;
import dev.migrate.internal.source.ResolvedMigration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a rollback reverts, and its down scripts checked before any of them runs. */
final class RollbackSelection {
    private RollbackSelection() {
    }

    /** The applied migrations a rollback reverts, most recently applied first. */
    static List<ResolvedMigration> select(Evaluation evaluation, List<HistoryRow> rows, Version target, int steps) {
        Map<Version, Integer> appliedRank = new HashMap<>();
        for (HistoryRow row : rows) {
            if (row.version() != null) {
                appliedRank.put(row.version(), row.rank());
            }
        }
        List<ResolvedMigration> applied = new ArrayList<>(evaluation.applied());
        applied.sort(Comparator.comparing((ResolvedMigration m) -> appliedRank.get(m.version())).reversed());
        if (target == null) {
            return applied.subList(0, Math.min(steps, applied.size()));
        }
        boolean known = appliedRank.containsKey(target)
                || evaluation.status().migrations().stream().anyMatch(i -> target.equals(i.version()));
        if (!known) {
            throw new ConfigurationException("Cannot roll back to version " + target + ": no migration has that version."
                    + " Give an applied version (status() lists them), or use rollback().all() to revert everything.");
        }
        return applied.stream().filter(m -> m.version().isNewerThan(target)).toList();
    }

    /** Checks that every migration to revert has a valid down script before any runs; reports all that do not. */
    static List<PreparedMigration> prepareDowns(ScriptPreparer preparer, List<ResolvedMigration> revert, int serverMajor) {
        List<PreparedMigration> downs = new ArrayList<>();
        List<ValidationProblem> problems = new ArrayList<>();
        for (ResolvedMigration m : revert) {
            if (m.down() == null) {
                problems.add(new ValidationProblem(ErrorCode.MISSING_DOWN_MIGRATION, m.script(), 0,
                        "Version " + m.version() + " must be reverted, but it has no down script. Nothing was rolled back.",
                        downScriptHint(m)));
                continue;
            }
            try {
                downs.add(preparer.prepareDown(m, serverMajor));
            } catch (InvalidMigrationException e) {
                problems.add(e.problem());
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return downs;
    }

    private static String downScriptHint(ResolvedMigration m) {
        String script = m.script();
        int slash = script.lastIndexOf('/');
        String dir = script.substring(0, slash + 1);
        String file = script.substring(slash + 1);
        if (file.equals("up.sql") || file.equals("migration.sql")) {
            return "Add " + dir + "down.sql that undoes " + file + ", or roll back to a version after " + m.version() + ".";
        }
        return "Add " + dir + "U" + file.substring(1) + " that undoes it, or roll back to a version after " + m.version() + ".";
    }
}
