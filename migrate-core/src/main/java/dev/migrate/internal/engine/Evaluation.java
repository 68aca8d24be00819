package dev.migrate.internal.engine;

import dev.migrate.Status;
import dev.migrate.internal.source.ResolvedMigration;
import java.util.List;

/**
 * Sources joined with the history.
 *
 * @param status      what {@code status()} reports
 * @param pending     what {@code migrate()} would apply, in order (up to the configured target)
 * @param applied     the versioned migrations found locally whose latest history row is APPLIED, by version
 * @param nextRank    the rank the next history row gets
 * @param interrupted whether a non-transactional migration was found unfinished (RUNNING): dead if
 *                    we hold the lock, possibly still running in another process if we do not
 */
record Evaluation(Status status, List<ResolvedMigration> pending, List<ResolvedMigration> applied, int nextRank,
                  boolean interrupted) {
}
