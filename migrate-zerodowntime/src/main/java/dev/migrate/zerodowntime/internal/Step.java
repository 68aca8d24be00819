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
 * @param where    for a backfill, the rows it updates (those that need it), or null for all
 * @param requires how many steps of start must have run for this rollback step to run (the undo of
 *                 raw SQL runs only when its up did); 0 for always
 */
record Step(Kind kind, String sql, String table, String where, int requires) {
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
        return new Step(Kind.SQL, sql, null, null, 0);
    }

    /** SQL of the rollback that runs only once the first {@code startSteps} steps of start have. */
    static Step undo(String sql, int startSteps) {
        return new Step(Kind.SQL, sql, null, null, startSteps);
    }

    static Step index(String qualifiedIndex, String sql) {
        return new Step(Kind.INDEX, sql, qualifiedIndex, null, 0);
    }

    static Step views(String versionSchema) {
        return new Step(Kind.VIEWS, versionSchema, null, null, 0);
    }

    static Step backfill(String qualifiedTable, String set, String where) {
        return new Step(Kind.BACKFILL, set, qualifiedTable, where, 0);
    }
}
