package dev.migrate.internal.engine;

import dev.migrate.Status;
import dev.migrate.ValidationProblem;
import dev.migrate.internal.exec.PriorAttempt;
import dev.migrate.internal.history.HistoryRow;
import dev.migrate.internal.source.ResolvedMigration;
import java.util.List;
import java.util.Map;

/**
 * Sources joined with the history.
 *
 * @param status      what {@code status()} reports
 * @param pending     what {@code migrate()} would apply, in order (up to the configured target)
 * @param applied     the versioned migrations found locally whose latest history row is APPLIED, by version
 * @param nextRank    the rank the next history row gets
 * @param interrupted whether a non-transactional migration was found unfinished (RUNNING): dead if
 *                    we hold the lock, possibly still running in another process if we do not
 * @param failed      the failed or interrupted runs that block further runs, each with its problem
 * @param prior       for pending migrations with an earlier failed or interrupted attempt (or one to
 *                    resume), keyed by script: where to start and what that attempt may have left
 */
record Evaluation(Status status, List<ResolvedMigration> pending, List<ResolvedMigration> applied, int nextRank,
                  boolean interrupted, List<Failed> failed, Map<String, PriorAttempt> prior) {
    Evaluation {
        failed = List.copyOf(failed);
        prior = Map.copyOf(prior);
    }

    /** What an earlier attempt of {@code m} left, or {@link PriorAttempt#NONE}. */
    PriorAttempt priorOf(ResolvedMigration m) {
        return prior.getOrDefault(m.script(), PriorAttempt.NONE);
    }

    /**
     * A run that failed or was interrupted part-way.
     *
     * @param row     its history row (FAILED or RUNNING)
     * @param local   the migration from the locations, or null when none provides it
     * @param problem the problem reported for it, from the history alone
     */
    record Failed(HistoryRow row, ResolvedMigration local, ValidationProblem problem) {
    }
}
