package dev.migrate.spi;

import dev.migrate.MigrateResult;
import dev.migrate.MigratorConfig;
import dev.migrate.Plan;
import dev.migrate.Status;

/**
 * The machinery behind {@link dev.migrate.Migrator}. migrate-core provides the implementation,
 * found through {@link java.util.ServiceLoader}; the API stays independent of it. Applications do
 * not implement this.
 */
public interface MigrationEngine extends AutoCloseable {

    MigrateResult migrate();

    Status status();

    void validate();

    Plan plan();

    /** Releases what the engine owns (a pool built from a URL). */
    @Override
    void close();

    /** Opens an engine for one configuration. */
    interface Factory {
        MigrationEngine open(MigratorConfig config);
    }
}
