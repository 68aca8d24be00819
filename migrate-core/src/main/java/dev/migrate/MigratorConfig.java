package dev.migrate;

import dev.migrate.spi.EventListener;
import dev.migrate.spi.MigrationSource;
import dev.migrate.spi.PlanChecker;
import dev.migrate.spi.Settings;
import dev.migrate.spi.StepRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything a {@link Migrator} is built with; immutable and always valid (the constructor checks
 * every setting). Made by {@link MigratorBuilder}; read it back with {@link Migrator#config()},
 * and change a copy with {@link #toBuilder()}:
 *
 * <pre>{@code
 * Migrator atVersion3 = migrator.config().toBuilder().target("3").build();
 * }</pre>
 *
 * @param connection   where connections come from
 * @param locations    where migrations are read from, in order
 * @param schemas      the managed schemas, at least one: on the search path in this order while migrating,
 *                     created when absent, dropped by {@code reset}; the first holds the history
 * @param historyTable the history table's name inside the first schema
 * @param placeholders values for {@code ${name}} in scripts
 * @param locks        how migrations wait for locks: the migration lock, and each statement's table locks
 * @param outOfOrder   whether a pending migration older than the latest applied one is applied
 * @param target       the newest versioned migration {@code migrate()} applies, or null for all
 * @param installedBy  the name recorded as who applied a migration; null means the database user
 * @param refuseAbove  with pending migrations, {@code migrate()} runs the checkers first and refuses findings
 *                     more severe than this; null runs no checker in {@code migrate()}
 * @param reset        whether {@code reset()} may drop the managed schemas, and what it seeds
 * @param hooks        code that takes part in a run: listeners, callbacks, Java migrations, checkers,
 *                     sources and step runners given explicitly (besides those found through {@link java.util.ServiceLoader})
 * @param classLoader  the class loader that reads class path locations and finds services
 * @param options      the option records of extension modules, by their class; see {@link #options(Class)}
 */
public record MigratorConfig(ConnectionConfig connection, List<Location> locations, List<String> schemas, String historyTable,
                             Map<String, String> placeholders, LockPolicy locks, boolean outOfOrder, Version target,
                             String installedBy, Severity refuseAbove, ResetPolicy reset, Hooks hooks, ClassLoader classLoader,
                             Map<Class<?>, Object> options) implements Settings {
    private static final Pattern PLACEHOLDER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]*");

    /**
     * Checks every setting.
     *
     * @throws ConfigurationException naming the setting that is wrong and how to fix it
     */
    public MigratorConfig {
        if (connection == null) {
            throw new ConfigurationException("No database: call dataSource(...) or url(jdbcUrl, user, password)");
        }
        if (connection instanceof ConnectionConfig.FromUrl u && !u.url().startsWith("jdbc:postgresql:")) {
            throw new ConfigurationException("URL " + u.redactedUrl() + " is not a PostgreSQL JDBC URL: it must start with jdbc:postgresql:");
        }
        locations = List.copyOf(locations);
        schemas = List.copyOf(schemas);
        if (schemas.isEmpty()) {
            throw new ConfigurationException("At least one schema is required: call schema(...)");
        }
        for (String schema : schemas) {
            requireName("schema", schema);
        }
        if (schemas.stream().distinct().count() < schemas.size()) {
            throw new ConfigurationException("schemas " + schemas + " name a schema twice");
        }
        requireName("historyTable", Objects.requireNonNull(historyTable, "historyTable"));
        placeholders = Map.copyOf(placeholders);
        for (String name : placeholders.keySet()) {
            requirePlaceholderName(name);
        }
        Objects.requireNonNull(locks, "locks");
        Objects.requireNonNull(reset, "reset");
        Objects.requireNonNull(hooks, "hooks");
        Objects.requireNonNull(classLoader, "classLoader");
        options = Map.copyOf(options);
        for (Map.Entry<Class<?>, Object> option : options.entrySet()) {
            if (!option.getKey().isInstance(option.getValue())) {
                throw new ConfigurationException("options: " + option.getValue() + " is filed under " + option.getKey().getName()
                        + ", which it is not");
            }
        }
    }

    /** The first managed schema, which holds the history table. */
    public String schema() {
        return schemas.get(0);
    }

    /**
     * The options record an extension module was given with {@link MigratorBuilder#options(Object)}:
     * {@code config.options(ZeroDowntimeOptions.class).orElse(ZeroDowntimeOptions.DEFAULTS)}.
     */
    @Override
    public <T> Optional<T> options(Class<T> type) {
        return Optional.ofNullable(type.cast(options.get(Objects.requireNonNull(type, "type"))));
    }

    /** A builder holding every setting of this configuration, to change some and build another migrator. */
    public MigratorBuilder toBuilder() {
        return new MigratorBuilder(this);
    }

    /**
     * How migrations wait for locks.
     *
     * @param lockWait    how long to wait for the migration lock held by another runner (and for the
     *                    server session of an interrupted run still finishing a statement)
     * @param lockTimeout PostgreSQL {@code lock_timeout} for every migration statement; {@code Duration.ZERO} waits forever
     * @param lockRetries how many times a statement that hit {@code lockTimeout} (or a deadlock) is retried
     */
    public record LockPolicy(Duration lockWait, Duration lockTimeout, int lockRetries) {
        /** Two minutes for the migration lock, 500 ms per statement, 20 retries. */
        public static final LockPolicy DEFAULTS = new LockPolicy(Duration.ofMinutes(2), Duration.ofMillis(500), 20);

        /** @throws ConfigurationException when a duration is negative or {@code retries} is below 0 */
        public LockPolicy {
            requireNonNegative("lockWait", Objects.requireNonNull(lockWait, "lockWait"));
            requireNonNegative("lockTimeout", Objects.requireNonNull(lockTimeout, "lockTimeout"));
            if (lockRetries < 0) {
                throw new ConfigurationException("lockRetries must be 0 or more, was " + lockRetries);
            }
        }

        /** This policy with another {@code lockWait}. */
        public LockPolicy withLockWait(Duration wait) {
            return new LockPolicy(wait, lockTimeout, lockRetries);
        }

        /** This policy with another {@code lockTimeout}. */
        public LockPolicy withLockTimeout(Duration timeout) {
            return new LockPolicy(lockWait, timeout, lockRetries);
        }

        /** This policy with another {@code lockRetries}. */
        public LockPolicy withLockRetries(int retries) {
            return new LockPolicy(lockWait, lockTimeout, retries);
        }
    }

    /**
     * What {@code reset()} may do.
     *
     * @param allowed    whether it may drop the managed schemas at all
     * @param seedScript a SQL script it runs after migrating ({@code classpath:} or {@code filesystem:}), or null
     * @param seeder     Java code it runs after the seed script, or null
     */
    public record ResetPolicy(boolean allowed, String seedScript, Seeder seeder) {
        /** Reset refused, nothing to seed: the default. */
        public static final ResetPolicy REFUSED = new ResetPolicy(false, null, null);
    }

    /**
     * Code that takes part in a run, given explicitly. Java migrations, checkers, sources and step
     * runners are also found on the class path through {@link java.util.ServiceLoader}.
     *
     * @param listeners      receivers of progress events, in order
     * @param callbacks      Java callbacks, called in order before the SQL callback files
     * @param javaMigrations Java migrations
     * @param checkers       plan checkers, run by {@code plan()} and the risk gate
     * @param sources        sources of migrations besides the locations' files
     * @param runners        runners of kinds of script besides SQL and Java
     */
    public record Hooks(List<EventListener> listeners, List<Callback> callbacks, List<JavaMigration> javaMigrations,
                        List<PlanChecker> checkers, List<MigrationSource> sources, List<StepRunner> runners) {
        /** No hooks. */
        public static final Hooks NONE = new Hooks(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

        public Hooks {
            listeners = List.copyOf(listeners);
            callbacks = List.copyOf(callbacks);
            javaMigrations = List.copyOf(javaMigrations);
            checkers = List.copyOf(checkers);
            sources = List.copyOf(sources);
            runners = List.copyOf(runners);
        }
    }

    private static void requireName(String setting, String value) {
        if (value.isBlank() || value.length() > 63 || value.indexOf('\0') >= 0) {
            throw new ConfigurationException(setting + " '" + value + "' is not a PostgreSQL identifier: it must be 1 to 63 characters");
        }
    }

    private static void requirePlaceholderName(String name) {
        if (!PLACEHOLDER_NAME.matcher(name).matches()) {
            throw new ConfigurationException("Placeholder name '" + name + "' is not usable as ${" + name
                    + "}: use letters, digits, _ . : -, starting with a letter or _");
        }
        if (name.endsWith(":literal") || name.endsWith(":identifier")) {
            throw new ConfigurationException("Placeholder name '" + name + "' ends like a type: ${" + name
                    + "} would read as a typed placeholder. Name it '" + name.substring(0, name.lastIndexOf(':'))
                    + "'; scripts then write ${" + name + "} for the quoted value");
        }
    }

    private static void requireNonNegative(String setting, Duration value) {
        if (value.isNegative()) {
            throw new ConfigurationException(setting + " must not be negative, was " + value);
        }
    }
}
