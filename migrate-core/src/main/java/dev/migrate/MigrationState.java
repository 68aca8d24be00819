package dev.migrate;

/** Where a migration stands, from comparing the sources with the history. */
public enum MigrationState {
    /** Not applied yet; the next {@code migrate()} applies it. */
    PENDING,
    /** Applied, and the file still matches what was applied. */
    APPLIED,
    /** Failed or was interrupted; blocks later runs until resolved. */
    FAILED,
    /** Not applied, but older than the latest applied version. Applied only when out-of-order is allowed. */
    OUT_OF_ORDER,
    /** Applied, but no location provides it any more. */
    MISSING,
    /** Applied by a newer version of the application: newer than every local migration. */
    FUTURE,
    /** Applied, but the file has changed since (checksum differs). */
    MODIFIED,
    /** A repeatable migration whose file changed since it was last applied; it will be re-applied. */
    OUTDATED,
    /** The baseline: the version an existing database was adopted at with {@code baseline(version)}. */
    BASELINE,
    /** Older than the baseline: counts as applied, and never runs on this database. */
    BELOW_BASELINE;

    /** Whether {@code migrate()} would apply a migration in this state (out-of-order only when allowed). */
    public boolean isPending() {
        return this == PENDING || this == OUTDATED || this == OUT_OF_ORDER;
    }
}
