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
 */
public record MigrationInfo(MigrationKind kind, Version version, String description, String script,
                            MigrationState state, String checksum, AppliedRecord applied) {
    public MigrationInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(state, "state");
    }

    /** The version, or {@code R} for a repeatable migration: the label a table shows. */
    public String label() {
        return version == null ? "R" : version.toString();
    }
}
