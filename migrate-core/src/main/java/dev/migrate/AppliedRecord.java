package dev.migrate;

import java.time.Duration;
import java.time.Instant;

/**
 * What the history says about one application of a migration.
 *
 * @param rank            order of application, from 1
 * @param checksum        checksum of the script as it was applied
 * @param installedBy     the database user (or configured name) that applied it
 * @param startedAt       when it started
 * @param duration        how long it took; null while it has not finished
 * @param statementsDone  statements completed (for a non-transactional migration, how far it got)
 * @param statementsTotal statements in the script
 * @param error           the server's error for a failed migration, otherwise null
 */
public record AppliedRecord(int rank, String checksum, String installedBy, Instant startedAt, Duration duration,
                            int statementsDone, int statementsTotal, String error) {
}
