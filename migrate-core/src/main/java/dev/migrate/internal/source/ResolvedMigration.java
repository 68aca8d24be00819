package dev.migrate.internal.source;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationKind;
import dev.migrate.Version;
import dev.migrate.spi.Script;

/**
 * A migration some source provided, ready to be joined with the history.
 *
 * @param kind          versioned or repeatable
 * @param version       null for a repeatable migration
 * @param description   from the file or folder name
 * @param up            the script that applies it
 * @param checksum      what the history records for it
 * @param down          the script that reverts it, or null
 * @param noTransaction true when its layout says it runs without a transaction (Diesel's {@code metadata.toml})
 */
public record ResolvedMigration(MigrationKind kind, Version version, String description, Script up, String checksum, Script down,
                                boolean noTransaction) {

    /** The path of its up script: what the history records. */
    public String script() {
        return up.path();
    }

    /** The Java migration, when it is one, else null. */
    public JavaMigration java() {
        return up.payload() instanceof JavaMigration j ? j : null;
    }
}
