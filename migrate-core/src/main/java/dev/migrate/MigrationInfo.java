package dev.migrate;

import java.util.Objects;

/**
 * One migration as {@link Migrator#status()} sees it: its source, its history, and its state.
 *
 * @param kind        versioned or repeatable
 * @param version     the version; null for a repeatable migration
 * @param description the description from the file or folder name
 * @param script      the script, relative to its location
 * @param state       where it stands
 * @param checksum    checksum of the local file; null when the file is missing
 * @param applied     the latest history entry for it; null when never applied
 * @param lastFailure the latest attempt that failed in a transaction and was rolled back (so left
 *                    nothing, and blocks nothing), when it came after {@code applied}: who, when,
 *                    the statement it failed at and the error; null when there is none
 */
public record MigrationInfo(MigrationKind kind, Version version, String description, String script,
                            MigrationState state, String checksum, AppliedRecord applied, AppliedRecord lastFailure) {
    public MigrationInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(state, "state");
    }

    /** A migration without a failed attempt since its latest history entry. */
    public MigrationInfo(MigrationKind kind, Version version, String description, String script, MigrationState state,
                         String checksum, AppliedRecord applied) {
        this(kind, version, description, script, state, checksum, applied, null);
    }

    /** The version, or {@code R} for a repeatable migration: the label a table shows. */
    public String label() {
        return version == null ? "R" : version.toString();
    }
}
