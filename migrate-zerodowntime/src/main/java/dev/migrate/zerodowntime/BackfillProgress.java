package dev.migrate.zerodowntime;

import dev.migrate.MigrationEvent;
import java.time.Duration;

/**
 * A backfill finished a batch (or found nothing left to do).
 *
 * @param script             the migration whose step runs the backfill
 * @param table              the table, schema-qualified
 * @param rowsDone           rows updated so far, over every attempt
 * @param rowsEstimated      the table's size as the planner's statistics gave it when the backfill started; -1 when unknown
 * @param rowsPerSecond      rows updated per second during this attempt
 * @param estimatedRemaining the time left at this rate, or null when it cannot be told
 * @param finished           whether every row of the key range the backfill started with has been visited
 */
public record BackfillProgress(String script, String table, long rowsDone, long rowsEstimated, double rowsPerSecond,
                               Duration estimatedRemaining, boolean finished) implements MigrationEvent.ModuleEvent {
}
