package dev.migrate.zerodowntime;

import dev.migrate.MigrationEvent;

/**
 * A backfill stopped between batches to let its streaming replicas catch up; it goes on, with a
 * {@link BackfillProgress}, once they are within {@link ZeroDowntimeOptions#maxReplicationLagBytes()}.
 *
 * @param script               the migration whose step runs the backfill
 * @param table                the table, schema-qualified
 * @param replicationLagBytes  how far the slowest replica was behind in replaying, in WAL bytes
 * @param thresholdBytes       the lag the backfill waits for
 */
public record BackfillPaused(String script, String table, long replicationLagBytes, long thresholdBytes)
        implements MigrationEvent.ModuleEvent {
}
