package dev.migrate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link Rollback} did.
 *
 * @param reverted       the migrations reverted, in the order their down scripts ran (newest first);
 *                       each entry's {@code script} is the down script
 * @param initialVersion the schema version before, null when nothing was applied
 * @param finalVersion   the schema version after, null when nothing is applied any more
 * @param duration       wall time of the call, including waiting for the lock
 */
public record RollbackResult(List<MigrateResult.Applied> reverted, Version initialVersion, Version finalVersion,
                             Duration duration) {
    public RollbackResult {
        reverted = List.copyOf(reverted);
    }

    /** How many migrations were reverted. */
    public int count() {
        return reverted.size();
    }

    /** The schema version after the call, empty when nothing is applied. */
    public Optional<Version> version() {
        return Optional.ofNullable(finalVersion);
    }
}
