package dev.migrate.internal.source;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationKind;
import dev.migrate.spi.MigrationSource;
import dev.migrate.spi.Script;
import java.util.List;

/**
 * The {@link JavaMigration}s of a run as a source: those configured, then those found through
 * {@link java.util.ServiceLoader}. Each is a script made in code, its class name as its path.
 */
final class JavaMigrations implements MigrationSource {
    private static final byte[] NO_CONTENT = new byte[0];

    private final List<JavaMigration> migrations;

    JavaMigrations(List<JavaMigration> migrations) {
        this.migrations = List.copyOf(migrations);
    }

    @Override
    public void read(Found found) {
        for (JavaMigration java : migrations) {
            String name = java.getClass().getName();
            String checksum = java.checksum() != null ? java.checksum() : "java:" + name;
            found.add(new Migration(MigrationKind.VERSIONED, java.version(), java.description(),
                    new Script("java", name, NO_CONTENT, java), null, checksum, false));
        }
    }
}
