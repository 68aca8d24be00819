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
 * @param schema       the managed schema: put first on the search path while migrating, holds the history
 * @param historyTable the history table's name inside {@code schema}
 * @param placeholders values for {@code ${name}} in scripts, substituted as raw text
 * @param lockWait     how long to wait for another runner's migration lock before giving up
 * @param lockTimeout  PostgreSQL {@code lock_timeout} for every migration statement
 * @param lockRetries  how many times a statement that hit {@code lockTimeout} is retried
 * @param outOfOrder   whether a pending migration older than the latest applied one is applied
 * @param target       the newest versioned migration {@code migrate()} applies, or null for all
 * @param installedBy  the name recorded as who applied a migration; null means the database user
 * @param listeners    receivers of progress events, in order
 * @param checkers     plan checkers added explicitly, run by {@code plan()} after those found on the class path
 * @param classLoader  the class loader that reads class path locations
 */
public record MigratorConfig(ConnectionConfig connection, List<Location> locations, String schema, String historyTable,
                             Map<String, String> placeholders, Duration lockWait, Duration lockTimeout, int lockRetries,
                             boolean outOfOrder, Version target, String installedBy, List<EventListener> listeners,
                             List<PlanChecker> checkers, ClassLoader classLoader) {
    public MigratorConfig {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(historyTable, "historyTable");
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(classLoader, "classLoader");
        locations = List.copyOf(locations);
        placeholders = Map.copyOf(placeholders);
        listeners = List.copyOf(listeners);
        checkers = List.copyOf(checkers);
    }
}
