package dev.migrate.zerodowntime.internal;

import java.util.Objects;

/**
 * One step of a phase, decided when the migration starts and kept in its state row, so that a
 * phase resumed after a crash runs exactly what it would have run.
 *
 * @param kind  what the step is
 * @param sql   the statement ({@link Kind#SQL}), the index build ({@link Kind#INDEX}), or the
 *              {@code SET} list of the backfill ({@link Kind#BACKFILL}), or the schema of views ({@link Kind#VIEWS})
 * @param table for a backfill, the table (quoted and qualified); for an index build, the index (quoted and qualified)
 */
record Step(Kind kind, String sql, String table) {
    enum Kind {
        /** One statement, retried after a lock timeout; written to be run again safely. */
        SQL,
        /** A concurrent index build: skipped when the index is there and valid, an INVALID one dropped first. */
        INDEX,
        /** A keyset backfill of one table, one pass for every operation on it. */
        BACKFILL,
        /** The schema of views the new version reads, made from the catalog as it is when the step runs. */
        VIEWS
    }

    Step {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sql, "sql");
    }

    static Step sql(String sql) {
        return new Step(Kind.SQL, sql, null);
    }

    static Step index(String qualifiedIndex, String sql) {
        return new Step(Kind.INDEX, sql, qualifiedIndex);
    }

    static Step views(String versionSchema) {
        return new Step(Kind.VIEWS, versionSchema, null);
    }

    static Step backfill(String qualifiedTable, String set) {
        return new Step(Kind.BACKFILL, set, qualifiedTable);
    }
}
