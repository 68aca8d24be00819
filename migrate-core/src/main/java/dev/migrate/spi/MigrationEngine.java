package dev.migrate.spi;

import dev.migrate.MigrateResult;
import dev.migrate.MigratorConfig;
import dev.migrate.Plan;
import dev.migrate.Resolve;
import dev.migrate.ResolveResult;
import dev.migrate.RollbackResult;
import dev.migrate.Status;
import dev.migrate.Version;

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

    /**
     * Reverts applied migrations: every one newer than {@code target} when it is given, otherwise
     * the {@code steps} most recently applied ({@link Integer#MAX_VALUE} for all).
     */
    RollbackResult rollback(Version target, int steps);

    /**
     * Adds a history row on the user's word; {@code migration} is null for
     * {@link Resolve.Action#ACCEPT_CHECKSUMS}; {@code fromStatement} (1-based) is where
     * {@link Resolve.Action#RESUME} continues, 0 to let the engine find it.
     */
    ResolveResult resolve(Resolve.Action action, String migration, int fromStatement);

    /** {@link #resolve(Resolve.Action, String, int)} with the engine finding where a resume continues. */
    default ResolveResult resolve(Resolve.Action action, String migration) {
        return resolve(action, migration, 0);
    }

    /** Writes the next, correctly versioned, empty migration into the first directory location. */
    java.nio.file.Path newMigration(String name);

    /** Drops and re-creates the managed schemas, migrates, seeds; the caller has checked that reset is allowed. */
    dev.migrate.ResetResult reset(dev.migrate.Reset options);

    /** Reads the managed schemas from the catalog, leaving the history table out. */
    dev.migrate.schema.DatabaseSchema inspect();

    /** Adopts a database with no history at {@code version}, creating the history table. */
    Status baseline(Version version, String description);

    /** Releases what the engine owns (a pool built from a URL). */
    @Override
    void close();

    /** Opens an engine for one configuration. */
    interface Factory {
        MigrationEngine open(MigratorConfig config);

        /**
         * Reads a script with the engine's lexer, as {@code plan()} would, but outside any plan:
         * statements with their lines, directives, and whether it can run in a transaction.
         * Placeholders are left as written. The step's version is null and its kind versioned.
         *
         * @param serverMajor the PostgreSQL major version that decides transaction rules
         * @throws dev.migrate.InvalidMigrationException naming the line of a lexical problem
         */
        Plan.Step read(String script, String sql, int serverMajor);
    }
}
