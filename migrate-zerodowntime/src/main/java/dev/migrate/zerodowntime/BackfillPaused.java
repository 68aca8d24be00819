package dev.migrate.zerodowntime;

import dev.migrate.MigrationEvent;

/**
 * A backfill stopped between batches: to let its streaming replicas catch up (until they are within
 * {@link ZeroDowntimeOptions#maxReplicationLagBytes()}), or to let sessions queued for a lock on its
 * table go first. It goes on, with a {@link BackfillProgress}, when that is over.
 *
 * @param script               the migration whose step runs the backfill
 * @param table                the table, schema-qualified
 * @param reason               why, in words
 * @param replicationLagBytes  how far the slowest replica was behind in replaying, in WAL bytes; 0 for a lock wait
 * @param thresholdBytes       the lag the backfill waits for; 0 for a lock wait
 */
public record BackfillPaused(String script, String table, String reason, long replicationLagBytes, long thresholdBytes)
        implements MigrationEvent.ModuleEvent {
}
