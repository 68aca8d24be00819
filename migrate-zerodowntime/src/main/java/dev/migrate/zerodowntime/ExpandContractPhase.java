package dev.migrate.zerodowntime;

import dev.migrate.MigrationEvent;
import dev.migrate.Version;

/**
 * An expand-contract migration entered a phase, or finished one ({@link InFlight.Phase#EXPANDED},
 * {@link InFlight.Phase#COMPLETED}); a rollback that finished has {@code phase} null.
 *
 * @param version       the migration
 * @param phase         the phase it is in now; null once it is rolled back
 * @param versionSchema the schema of views its new version reads
 * @param message       what happened and what comes next, as the log says it
 */
public record ExpandContractPhase(Version version, InFlight.Phase phase, String versionSchema, String message)
        implements MigrationEvent.ModuleEvent {
}
