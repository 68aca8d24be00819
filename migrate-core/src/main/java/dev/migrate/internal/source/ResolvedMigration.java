package dev.migrate.internal.source;

import dev.migrate.JavaMigration;
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
 * @param java          the Java migration, when it is one ({@code up} then holds no content), else null
 */
public record ResolvedMigration(MigrationKind kind, Version version, String description, ResourceFile up,
                                String checksum, ResourceFile down, boolean noTransaction, JavaMigration java) {

    /** A migration from a SQL file. */
    public ResolvedMigration(MigrationKind kind, Version version, String description, ResourceFile up, String checksum,
                             ResourceFile down, boolean noTransaction) {
        this(kind, version, description, up, checksum, down, noTransaction, null);
    }

    public String script() {
        return up.path();
    }
}
