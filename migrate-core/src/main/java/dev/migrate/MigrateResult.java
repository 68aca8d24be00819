package dev.migrate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Migrator#migrate()} did.
 *
 * @param applied        the migrations applied by this call, in order; empty when nothing was pending
 * @param initialVersion the schema version before, null for an empty history
 * @param duration       wall time of the call, including waiting for the lock
 * @param notices        what the migrations' modules say needs doing next, one line each (an
 *                       expand-contract migration waiting for the new code, then for {@code complete});
 *                       empty for plain migrations
 */
public record MigrateResult(List<Applied> applied, Version initialVersion, Duration duration, List<String> notices) {
    public MigrateResult {
        applied = List.copyOf(applied);
        notices = List.copyOf(notices);
    }

    /** A result without notices. */
    public MigrateResult(List<Applied> applied, Version initialVersion, Duration duration) {
        this(applied, initialVersion, duration, List.of());
    }

    /**
     * One migration this call applied.
     *
     * @param kind        versioned or repeatable
     * @param version     null for a repeatable migration
     * @param description from the file or folder name
     * @param script      relative to its location
     * @param mode        how its statements ran
     * @param statements  how many statements ran
     * @param attempts    1, or more when lock timeouts made us retry
     * @param duration    execution time
     */
    public record Applied(MigrationKind kind, Version version, String description, String script,
                          TransactionMode mode, int statements, int attempts, Duration duration) {
    }

    /** The schema version after the call: the last versioned migration applied, or the initial version. */
    public Optional<Version> finalVersion() {
        for (int i = applied.size() - 1; i >= 0; i--) {
            if (applied.get(i).version() != null) {
                return Optional.of(applied.get(i).version());
            }
        }
        return Optional.ofNullable(initialVersion);
    }

    /** How many migrations this call applied. */
    public int count() {
        return applied.size();
    }

    /** A readable table of what was applied. */
    public String toText() {
        return Reports.text(this);
    }

    /** The same as JSON. Needs Jackson ({@code tools.jackson.core:jackson-databind}) on the class path. */
    public String toJson() {
        return Reports.json(this);
    }
}
