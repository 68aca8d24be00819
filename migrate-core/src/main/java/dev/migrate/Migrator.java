package dev.migrate;

import dev.migrate.schema.DatabaseSchema;
import dev.migrate.spi.EventListener;
import dev.migrate.spi.MigrationEngine;
import dev.migrate.spi.PlanChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The entry point: applies a folder of PostgreSQL migrations exactly once, in order, under a lock
 * that lets many application instances start at the same time.
 *
 * <pre>{@code
 * Migrator migrator = Migrator.configure()
 *         .dataSource(dataSource)
 *         .locations("classpath:db/migration")
 *         .schema("app")
 *         .placeholder("owner", "app_rw")
 *         .build();
 * MigrateResult result = migrator.migrate();   // applies what is pending, or returns at once
 * Status status = migrator.status();           // every migration and its state
 * }</pre>
 *
 * <p>A built {@code Migrator} is immutable and thread-safe. It holds no connection between calls;
 * when built from a URL it owns a small pool, released by {@link #close()}.
 */
public final class Migrator implements AutoCloseable {
    private final MigratorConfig config;
    private final MigrationEngine engine;

    private Migrator(MigratorConfig config, MigrationEngine engine) {
        this.config = config;
        this.engine = engine;
    }

    /** Starts a configuration. */
    public static Builder configure() {
        return new Builder();
    }

    /**
     * Applies every pending migration, in order, each exactly once. Validates first: on any problem
     * (edited applied file, failed migration, unknown placeholder...) it throws a
     * {@link ValidationException} listing all of them and changes nothing. When nothing is pending
     * it costs one history query and one pass over the sources, and takes no lock.
     *
     * @throws ValidationException       the sources or history have problems; nothing ran
     * @throws MigrationFailedException  a statement failed; earlier migrations of this call stay applied
     * @throws LockUnavailableException  another runner kept the lock longer than {@code lockWait}
     */
    public MigrateResult migrate() {
        return engine.migrate();
    }

    /** Every migration, local or recorded, with its state, and the problems validation would report. */
    public Status status() {
        return engine.status();
    }

    /**
     * Checks the sources against the history, and splits every pending script, without changing anything.
     * Warnings (a version applied by a newer release, an out-of-order migration) are logged, not thrown.
     *
     * @throws ValidationException listing every problem found
     */
    public void validate() {
        engine.validate();
    }

    /**
     * A dry run: the statements {@code migrate()} would execute now and how.
     *
     * @throws ValidationException when {@code migrate()} would refuse to run
     */
    public Plan plan() {
        return engine.plan();
    }

    /**
     * Reverts applied migrations with their down scripts: {@code rollback().last()},
     * {@code .steps(n)}, {@code .to(version)} or {@code .all()}. See {@link Rollback}.
     */
    public Rollback rollback() {
        return new Rollback(engine);
    }

    /**
     * Corrects the history after a person has looked: {@code markApplied}, {@code markRolledBack},
     * {@code acceptChecksums}. See {@link Resolve}.
     */
    public Resolve resolve() {
        return new Resolve(engine);
    }

    /**
     * Adopts an existing database that was built without this library: records {@code version} as
     * the baseline, so that it and every older migration count as applied and never run here;
     * newer ones run on the next {@code migrate()}. Creates the history table.
     *
     * @return the status afterwards
     * @throws ValidationException when the history already has rows
     */
    public Status baseline(String version) {
        return engine.baseline(Version.parse(version), "baseline");
    }

    /** Like {@link #baseline(String)}. */
    public Status baseline(Version version) {
        return engine.baseline(Objects.requireNonNull(version, "version"), "baseline");
    }

    /**
     * Writes the next empty migration into the first directory location, named after
     * {@code name} ({@code "Add user email"} becomes {@code V8__add_user_email.sql}), and returns
     * its path to edit. Follows the existing naming: timestamps stay timestamps (UTC, now),
     * numbers count up, the folder-per-migration layout gets a folder with {@code up.sql} and
     * {@code down.sql}. Reads the locations only, not the database.
     *
     * @throws ConfigurationException when no location is a directory
     */
    public java.nio.file.Path newMigration(String name) {
        return engine.newMigration(Objects.requireNonNull(name, "name"));
    }

    /**
     * Reads the managed schema from the database's catalog into an immutable model: tables,
     * columns, constraints, indexes, views, functions, triggers, types, sequences. The history table
     * is left out. What the testkit's schema assertions and snapshots are built on.
     */
    public DatabaseSchema inspect() {
        return engine.inspect();
    }

    /**
     * Drops every managed schema with everything in it, creates them again, applies every
     * migration, and runs the seed ({@link Builder#seedScript}, {@link Builder#seeder}) unless
     * {@code options.skipSeed()}. For development and test databases only.
     *
     * @throws ConfigurationException unless the migrator was built with {@code allowReset(true)}
     */
    public ResetResult reset(Reset options) {
        if (!config.resetAllowed()) {
            throw new ConfigurationException("reset() drops schemas " + config.schemas() + " with all their data, so it is"
                    + " refused unless allowed: build the migrator with allowReset(true), for development and test databases only");
        }
        return engine.reset(Objects.requireNonNull(options, "options"));
    }

    /** {@code reset(Reset.force())}: drop, migrate, seed. */
    public ResetResult reset() {
        return reset(Reset.force());
    }

    /** The configuration this migrator was built with. */
    public MigratorConfig config() {
        return config;
    }

    /** Releases the connection pool when the migrator was built from a URL; otherwise does nothing. */
    @Override
    public void close() {
        engine.close();
    }

    /**
     * Reads one SQL script with the engine's lexer, without a database: its statements and lines,
     * its {@code -- migrate:} directives, and whether it can run in a transaction. For tools that
     * look at scripts outside a plan, such as migrate-analysis reading a folder.
     *
     * @param script      a name for messages, e.g. the file's path
     * @param sql         the script's text
     * @param serverMajor the PostgreSQL major version whose transaction rules apply (e.g. 17)
     * @throws InvalidMigrationException naming the line of an unterminated quote or comment, a psql
     *                                   meta-command or an unknown directive
     */
    public static Plan.Step readScript(String script, String sql, int serverMajor) {
        return EngineFactory.INSTANCE.read(script, sql, serverMajor);
    }

    /** The engine factory, looked up once: every service restart pays for start-up work. */
    private static final class EngineFactory {
        static final MigrationEngine.Factory INSTANCE = load();

        private static MigrationEngine.Factory load() {
            Iterator<MigrationEngine.Factory> found =
                    ServiceLoader.load(MigrationEngine.Factory.class, Migrator.class.getClassLoader()).iterator();
            if (!found.hasNext()) {
                throw new ConfigurationException("No migration engine found: migrate-core's jar is incomplete"
                        + " (META-INF/services/" + MigrationEngine.Factory.class.getName() + " is missing)");
            }
            return found.next();
        }
    }

    @Override
    public String toString() {
        return "Migrator[" + config.connection() + ", locations=" + config.locations() + ", schemas=" + config.schemas() + "]";
    }

    /**
     * Collects settings; {@link #build()} checks them and returns an immutable {@link Migrator}.
     * Only a connection is required: locations default to {@code classpath:db/migration}, the
     * schema to {@code public}.
     */
    public static final class Builder {
        private static final Pattern PLACEHOLDER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]*");

        private ConnectionConfig connection;
        private final List<Location> locations = new ArrayList<>();
        private final List<String> schemas = new ArrayList<>(List.of("public"));
        private String historyTable = "migrate_history";
        private final Map<String, String> placeholders = new LinkedHashMap<>();
        private Duration lockWait = Duration.ofMinutes(2);
        private Duration lockTimeout = Duration.ofMillis(500);
        private int lockRetries = 20;
        private boolean outOfOrder;
        private Version target;
        private String installedBy;
        private final List<EventListener> listeners = new ArrayList<>();
        private final List<PlanChecker> checkers = new ArrayList<>();
        private Severity refuseAbove;
        private final List<Callback> callbacks = new ArrayList<>();
        private final List<JavaMigration> javaMigrations = new ArrayList<>();
        private ClassLoader classLoader;
        private boolean resetAllowed;
        private String seedScript;
        private Seeder seeder;

        private Builder() {
        }

        /**
         * Uses the caller's data source. The engine borrows one connection while it migrates (it also
         * holds the migration lock), and a second one while a migration without a transaction runs,
         * for that migration's history row.
         */
        public Builder dataSource(DataSource dataSource) {
            this.connection = new ConnectionConfig.FromDataSource(Objects.requireNonNull(dataSource, "dataSource"));
            return this;
        }

        /** Connects with a JDBC URL ({@code jdbc:postgresql://host/db}); the migrator pools and closes it. */
        public Builder url(String jdbcUrl, String user, String password) {
            this.connection = new ConnectionConfig.FromUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password);
            return this;
        }

        /** Replaces the locations with {@code classpath:...} / {@code filesystem:...} strings. */
        public Builder locations(String... locations) {
            this.locations.clear();
            for (String location : locations) {
                this.locations.add(Location.parse(location));
            }
            return this;
        }

        /** Replaces the locations. */
        public Builder locations(Location... locations) {
            this.locations.clear();
            this.locations.addAll(List.of(locations));
            return this;
        }

        /** The managed schema (default {@code public}): created if absent, first on the search path, holds the history. */
        public Builder schema(String schema) {
            return schemas(schema);
        }

        /**
         * Several managed schemas: all are created if absent and put on the search path in this
         * order while migrating, and {@code reset} drops them all; the first holds the history.
         */
        public Builder schemas(String first, String... more) {
            schemas.clear();
            schemas.add(Objects.requireNonNull(first, "first"));
            for (String schema : more) {
                schemas.add(Objects.requireNonNull(schema, "schema"));
            }
            return this;
        }

        /**
         * Allows {@code reset()}, which drops every managed schema with everything in it (default
         * false). Turn it on only where losing all data is fine: development and test databases.
         */
        public Builder allowReset(boolean allowed) {
            this.resetAllowed = allowed;
            return this;
        }

        /**
         * A SQL script that {@code reset()} runs after migrating, in one transaction:
         * {@code classpath:db/seed.sql} or {@code filesystem:dev/seed.sql}. Placeholders apply.
         */
        public Builder seedScript(String location) {
            this.seedScript = Objects.requireNonNull(location, "location");
            return this;
        }

        /** Java code that {@code reset()} runs after migrating (after the seed script, if both are set). */
        public Builder seeder(Seeder seeder) {
            this.seeder = Objects.requireNonNull(seeder, "seeder");
            return this;
        }

        /** The history table's name (default {@code migrate_history}). */
        public Builder historyTable(String table) {
            this.historyTable = Objects.requireNonNull(table, "table");
            return this;
        }

        /**
         * A value for {@code ${name}} in scripts. {@code ${name}} puts it in as SQL text, but only
         * where it stays inside the place it fills (it may not end the statement, open a comment,
         * close the quotes around it or put a backslash inside {@code '...'}; a dollar-quoted body is
         * read as code too: such a script is refused before anything runs);
         * {@code ${name:literal}} puts it in as a quoted string literal, {@code ${name:identifier}}
         * as a quoted name. Values never appear in messages.
         */
        public Builder placeholder(String name, String value) {
            placeholders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds several placeholder values. */
        public Builder placeholders(Map<String, String> values) {
            values.forEach(this::placeholder);
            return this;
        }

        /**
         * How long to wait for the migration lock held by another runner (default 2 minutes), and
         * for the server session of an interrupted run that is still finishing a statement.
         */
        public Builder lockWait(Duration wait) {
            this.lockWait = Objects.requireNonNull(wait, "wait");
            return this;
        }

        /**
         * PostgreSQL {@code lock_timeout} for migration statements (default 500 ms). While a
         * statement waits for its lock, every query that needs a conflicting lock on the same table
         * queues behind it, so this is the longest an application query waits for a migration: at
         * 5 s, reads stalled for up to 5 s on every attempt; at 500 ms, for up to 500 ms. A statement
         * that cannot get its lock in time gives up and is retried after a jittered backoff (see
         * {@link #lockRetries}), letting the queue drain in between. Shorter means shorter stalls and
         * more attempts. {@code Duration.ZERO} waits forever (not recommended).
         */
        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * How many times a statement that hit {@code lockTimeout} (or a deadlock) is retried
         * (default 20). Pauses between attempts grow from about 0.1 s to at most 10 s, so with the
         * defaults a migration keeps trying for about two minutes of contention before it fails
         * with {@code LOCK_RETRIES_EXHAUSTED}.
         */
        public Builder lockRetries(int retries) {
            this.lockRetries = retries;
            return this;
        }

        /** Applies pending migrations older than the latest applied one instead of refusing (default false). */
        public Builder outOfOrder(boolean allowed) {
            this.outOfOrder = allowed;
            return this;
        }

        /**
         * Applies pending versioned migrations up to and including {@code version}, and none newer
         * (default: all). Repeatable migrations still run when their checksum changed.
         */
        public Builder target(Version version) {
            this.target = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Like {@link #target(Version)}, with the version as written in file names. */
        public Builder target(String version) {
            return target(Version.parse(Objects.requireNonNull(version, "version")));
        }

        /** The name recorded in the history as who applied a migration (default: the database user). */
        public Builder installedBy(String name) {
            this.installedBy = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Adds a receiver of progress events. */
        public Builder listener(EventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Adds migrations written in Java; see {@link JavaMigration}. */
        public Builder javaMigrations(JavaMigration... migrations) {
            for (JavaMigration m : migrations) {
                javaMigrations.add(Objects.requireNonNull(m, "migration"));
            }
            return this;
        }

        /** Adds code to run before and after migrating, each migration and each statement; see {@link Callback}. */
        public Builder callback(Callback callback) {
            callbacks.add(Objects.requireNonNull(callback, "callback"));
            return this;
        }

        /**
         * Adds a checker whose findings {@code plan()} reports, besides those found on the class
         * path through {@link java.util.ServiceLoader}.
         */
        public Builder checker(PlanChecker checker) {
            checkers.add(Objects.requireNonNull(checker, "checker"));
            return this;
        }

        /**
         * Makes {@code migrate()} a gate: when migrations are pending, it first runs the plan
         * checkers (migrate-analysis, when on the class path) over them, and refuses with
         * {@link RiskRefusedException}, before taking the lock or changing anything, if any finding
         * is more severe than {@code severity}. A finding a migration means to accept is allowed in
         * its script: {@code -- migrate:allow <rule> reason="..."}. A run with nothing pending stays
         * on the fast path and runs no checker. Off by default.
         */
        public Builder refuseFindingsAbove(Severity severity) {
            this.refuseAbove = Objects.requireNonNull(severity, "severity");
            return this;
        }

        /** The class loader for class path locations (default: the thread's context class loader). */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * Checks the settings and builds the migrator. Connects to nothing.
         *
         * @throws ConfigurationException naming the setting that is wrong
         */
        public Migrator build() {
            if (connection == null) {
                throw new ConfigurationException("No database: call dataSource(...) or url(jdbcUrl, user, password)");
            }
            if (connection instanceof ConnectionConfig.FromUrl u && !u.url().startsWith("jdbc:postgresql:")) {
                throw new ConfigurationException("URL " + u.redactedUrl() + " is not a PostgreSQL JDBC URL: it must start with jdbc:postgresql:");
            }
            for (String schema : schemas) {
                requireName("schema", schema);
            }
            if (schemas.stream().distinct().count() < schemas.size()) {
                throw new ConfigurationException("schemas " + schemas + " name a schema twice");
            }
            requireName("historyTable", historyTable);
            requireNonNegative("lockWait", lockWait);
            requireNonNegative("lockTimeout", lockTimeout);
            if (lockRetries < 0) {
                throw new ConfigurationException("lockRetries must be 0 or more, was " + lockRetries);
            }
            for (String name : placeholders.keySet()) {
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
            List<Location> locs = locations.isEmpty() ? List.of(Location.classpath("db/migration")) : locations;
            ClassLoader loader = classLoader != null ? classLoader : defaultClassLoader();
            MigratorConfig config = new MigratorConfig(connection, locs, schemas, historyTable, placeholders, lockWait,
                    lockTimeout, lockRetries, outOfOrder, target, installedBy, listeners, javaMigrations, callbacks, checkers, refuseAbove, resetAllowed, seedScript, seeder, loader);
            return new Migrator(config, EngineFactory.INSTANCE.open(config));
        }

        private static ClassLoader defaultClassLoader() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context != null ? context : Migrator.class.getClassLoader();
        }

        private static void requireName(String setting, String value) {
            if (value.isBlank() || value.length() > 63 || value.indexOf('\0') >= 0) {
                throw new ConfigurationException(setting + " '" + value + "' is not a PostgreSQL identifier:"
                        + " it must be 1 to 63 characters");
            }
        }

        private static void requireNonNegative(String setting, Duration value) {
            if (value.isNegative()) {
                throw new ConfigurationException(setting + " must not be negative, was " + value);
            }
        }
    }
}
