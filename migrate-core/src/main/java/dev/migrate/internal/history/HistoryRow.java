package dev.migrate.internal.history;

import dev.migrate.AppliedRecord;
import dev.migrate.MigrationKind;
import dev.migrate.Version;
import java.time.Duration;
import java.time.Instant;

/**
 * One row of the history table.
 *
 * @param backend    for a non-transactional run, the server process that ran its statements; else null
 * @param indexesBefore for a non-transactional run whose current statement builds an index
 *                      concurrently, the OIDs of the indexes its table had just before it started
 *                      (comma-separated): an INVALID index not among them was left by that statement;
 *                      else null
 */
public record HistoryRow(int rank, Version version, String description, MigrationKind kind, String script,
                         String checksum, String installedBy, Instant startedAt, Long executionMs, State state,
                         int statementsDone, int statementsTotal, String error, Backend backend, String indexesBefore) {

    /** What the row records. */
    public enum State {
        /** Applied completely. */
        APPLIED,
        /** A non-transactional migration failed part-way. */
        FAILED,
        /** A non-transactional migration started and has not finished: still running, or its runner died. */
        RUNNING,
        /** Reverted by its down script, or marked so by {@code resolve()}: not applied, pending again. */
        ROLLED_BACK,
        /** Marked applied by {@code resolve()} without running, or its new checksum accepted. */
        RESOLVED,
        /** The version an existing database was adopted at; it and every older version count as applied. */
        BASELINE,
        /**
         * A transactional migration (or down script) failed and was rolled back: nothing of it is in
         * the database. Kept for the record (who, when, the error); it blocks nothing.
         */
        ABORTED,
        /**
         * A failed non-transactional migration is to continue from statement {@code statementsDone + 1},
         * by {@code resolve().resume()}; the next {@code migrate()} does it.
         */
        RESUME;

        /** Whether the migration's effects are in the database, as far as the history knows. */
        public boolean countsAsApplied() {
            return this == APPLIED || this == RESOLVED || this == BASELINE;
        }
    }

    public AppliedRecord toRecord() {
        return new AppliedRecord(rank, checksum, installedBy, startedAt,
                executionMs == null ? null : Duration.ofMillis(executionMs), statementsDone, statementsTotal, error);
    }
}
