package dev.migrate.zerodowntime;

import dev.migrate.Version;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An expand-contract migration the database knows of: started and not rolled back.
 *
 * @param version        its version
 * @param description    what it does
 * @param phase          where it is
 * @param versionSchema  the schema of views the new version of the application reads
 * @param previousSchema the schema the old version reads: the previous migration's views, or the
 *                       managed schema itself when no expand-contract migration came before
 * @param tables         the tables it changes
 * @param startedAt      when it started
 * @param expandedAt     when its expand finished, or null
 * @param completedAt    when it completed, or null
 */
public record InFlight(Version version, String description, Phase phase, String versionSchema, String previousSchema,
                       List<String> tables, Instant startedAt, Instant expandedAt, Instant completedAt) {
    public InFlight {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(phase, "phase");
        tables = List.copyOf(tables);
    }

    /** The phases of an expand-contract migration. */
    public enum Phase {
        /** Its expand is running, or was interrupted: {@code migrate()} continues it. */
        STARTING,
        /** Both versions of the application work; waiting for the new code, then for {@code complete}. */
        EXPANDED,
        /** Its contract is running, or was interrupted: {@code complete} continues it. */
        COMPLETING,
        /** The old shape is gone; the new version's schema of views stays until the next migration completes. */
        COMPLETED,
        /** Its rollback is running, or was interrupted: the rollback continues it. */
        ROLLING_BACK
    }
}
