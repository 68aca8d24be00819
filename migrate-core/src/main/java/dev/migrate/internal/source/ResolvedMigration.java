package dev.migrate.internal.source;

import dev.migrate.MigrationKind;
import dev.migrate.Version;

/**
 * A migration found in the locations.
 *
 * @param kind          versioned or repeatable
 * @param version       null for a repeatable migration
 * @param description   from the file or folder name
 * @param up            the script that applies it
 * @param checksum      checksum of {@code up}
 * @param down          the script that reverts it, or null
 * @param noTransaction true when the folder's {@code metadata.toml} says {@code run_in_transaction = false} (Diesel)
 */
public record ResolvedMigration(MigrationKind kind, Version version, String description, ResourceFile up,
                                String checksum, ResourceFile down, boolean noTransaction) {

    public String script() {
        return up.path();
    }
}
