package dev.migrate;

import dev.migrate.spi.EventListener;
import dev.migrate.spi.PlanChecker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link Migrator} was built with; immutable. Made by {@link Migrator.Builder}, which
 * validates it; read it back with {@link Migrator#config()}.
 *
 * @param connection   where connections come from
 * @param locations    where migrations are read from, in order
 * @param schemas      the managed schemas, at least one: on the search path in this order while migrating,
 *                     created when absent, dropped by {@code reset}; the first holds the history
 * @param historyTable the history table's name inside the first schema
 * @param placeholders values for {@code ${name}} in scripts, substituted as raw text
 * @param lockWait     how long to wait for another runner's migration lock before giving up
 * @param lockTimeout  PostgreSQL {@code lock_timeout} for every migration statement
 * @param lockRetries  how many times a statement that hit {@code lockTimeout} is retried
 * @param outOfOrder   whether a pending migration older than the latest applied one is applied
 * @param target       the newest versioned migration {@code migrate()} applies, or null for all
 * @param installedBy  the name recorded as who applied a migration; null means the database user
 * @param listeners    receivers of progress events, in order
 * @param javaMigrations Java migrations given explicitly, besides those found through {@link java.util.ServiceLoader}
 * @param callbacks    Java callbacks, called in order before the SQL callback files
 * @param checkers     plan checkers added explicitly, run by {@code plan()} after those found on the class path
 * @param refuseAbove  with pending migrations, {@code migrate()} runs the checkers first and refuses findings
 *                     more severe than this; null runs no checker in {@code migrate()}
 * @param resetAllowed whether {@code reset()} may drop the managed schemas
 * @param seedScript   a SQL script {@code reset()} runs after migrating ({@code classpath:} or {@code filesystem:}), or null
 * @param seeder       Java code {@code reset()} runs after the seed script, or null
 * @param classLoader  the class loader that reads class path locations
 */
public record MigratorConfig(ConnectionConfig connection, List<Location> locations, List<String> schemas, String historyTable,
                             Map<String, String> placeholders, Duration lockWait, Duration lockTimeout, int lockRetries,
                             boolean outOfOrder, Version target, String installedBy, List<EventListener> listeners,
                             List<JavaMigration> javaMigrations, List<Callback> callbacks, List<PlanChecker> checkers, Severity refuseAbove, boolean resetAllowed, String seedScript, Seeder seeder,
                             ClassLoader classLoader) {
    public MigratorConfig {
        Objects.requireNonNull(connection, "connection");
        schemas = List.copyOf(schemas);
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("at least one schema is required");
        }
        Objects.requireNonNull(historyTable, "historyTable");
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(classLoader, "classLoader");
        locations = List.copyOf(locations);
        placeholders = Map.copyOf(placeholders);
        listeners = List.copyOf(listeners);
        checkers = List.copyOf(checkers);
        callbacks = List.copyOf(callbacks);
        javaMigrations = List.copyOf(javaMigrations);
    }

    /** The first managed schema, which holds the history table. */
    public String schema() {
        return schemas.get(0);
    }
}
