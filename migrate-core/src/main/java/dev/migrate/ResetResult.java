package dev.migrate;

import java.time.Duration;
import java.util.List;

/**
 * What {@link Migrator#reset(Reset)} did.
 *
 * @param droppedSchemas the schemas dropped and created again
 * @param migrated       the migrations applied afterwards
 * @param seeded         whether a seed script or {@link Seeder} ran
 * @param duration       wall time of the call
 */
public record ResetResult(List<String> droppedSchemas, MigrateResult migrated, boolean seeded, Duration duration) {
    public ResetResult {
        droppedSchemas = List.copyOf(droppedSchemas);
    }
}
