package dev.migrate.internal.history;

import dev.migrate.AppliedRecord;
import dev.migrate.MigrationKind;
import dev.migrate.Version;
import java.time.Duration;
import java.time.Instant;

/** One row of the history table. */
public record HistoryRow(int rank, Version version, String description, MigrationKind kind, String script,
                         String checksum, String installedBy, Instant startedAt, Long executionMs, State state,
                         int statementsDone, int statementsTotal, String error) {

    /** What the row records. */
    public enum State {
        /** Applied completely. */
        APPLIED,
        /** A non-transactional migration failed part-way. */
        FAILED,
        /** A non-transactional migration started and has not finished: still running, or its runner died. */
        RUNNING,
        /** Reverted by its down script: the migration counts as not applied, and is pending again. */
        ROLLED_BACK
    }

    public AppliedRecord toRecord() {
        return new AppliedRecord(rank, checksum, installedBy, startedAt,
                executionMs == null ? null : Duration.ofMillis(executionMs), statementsDone, statementsTotal, error);
    }
}
