package dev.migrate;

import dev.migrate.spi.EventListener;
import dev.migrate.spi.MigrationSource;
import dev.migrate.spi.PlanChecker;
import dev.migrate.spi.StepRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Collects settings; {@link #build()} returns an immutable {@link Migrator}. Get one from
 * {@link Migrator#configure()}, or from {@link MigratorConfig#toBuilder()} to start from an
 * existing configuration. Only a connection is required: locations default to
 * {@code classpath:db/migration}, the schema to {@code public}.
 */
public final class MigratorBuilder {
    private ConnectionConfig connection;
    private final List<Location> locations = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>(List.of("public"));
    private String historyTable = "migrate_history";
    private final Map<String, String> placeholders = new LinkedHashMap<>();
    private MigratorConfig.LockPolicy locks = MigratorConfig.LockPolicy.DEFAULTS;
    private boolean outOfOrder;
    private Version target;
    private String installedBy;
    private Severity refuseAbove;
    private MigratorConfig.ResetPolicy reset = MigratorConfig.ResetPolicy.REFUSED;
    private final List<EventListener> listeners = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private final List<JavaMigration> javaMigrations = new ArrayList<>();
    private final List<PlanChecker> checkers = new ArrayList<>();
    private final List<MigrationSource> sources = new ArrayList<>();
    private final List<StepRunner> runners = new ArrayList<>();
    private ClassLoader classLoader;
    private final Map<Class<?>, Object> options = new LinkedHashMap<>();

    MigratorBuilder() {
    }

    /** Every setting of {@code config}: see {@link MigratorConfig#toBuilder()}. */
    MigratorBuilder(MigratorConfig config) {
        connection = config.connection();
        locations.addAll(config.locations());
        schemas.clear();
        schemas.addAll(config.schemas());
        historyTable = config.historyTable();
        placeholders.putAll(config.placeholders());
        locks = config.locks();
        outOfOrder = config.outOfOrder();
        target = config.target();
        installedBy = config.installedBy();
        refuseAbove = config.refuseAbove();
        reset = config.reset();
        MigratorConfig.Hooks hooks = config.hooks();
        listeners.addAll(hooks.listeners());
        callbacks.addAll(hooks.callbacks());
        javaMigrations.addAll(hooks.javaMigrations());
        checkers.addAll(hooks.checkers());
        sources.addAll(hooks.sources());
        runners.addAll(hooks.runners());
        classLoader = config.classLoader();
        options.putAll(config.options());
    }

    /**
     * Uses the caller's data source. The engine borrows one connection while it migrates (it also
     * holds the migration lock), and a second one while a migration without a transaction runs,
     * for that migration's history row.
     */
    public MigratorBuilder dataSource(DataSource dataSource) {
        this.connection = new ConnectionConfig.FromDataSource(Objects.requireNonNull(dataSource, "dataSource"));
        return this;
    }

    /** Connects with a JDBC URL ({@code jdbc:postgresql://host/db}); the migrator pools and closes it. */
    public MigratorBuilder url(String jdbcUrl, String user, String password) {
        this.connection = new ConnectionConfig.FromUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password);
        return this;
    }

    /**
     * The server where {@code diff} makes its shadow databases (each created from {@code template0}
     * and dropped afterwards): a database there that the user may connect to, the user needing
     * {@code CREATEDB}. By default the migrator's own server and credentials.
     */
    public MigratorBuilder shadowDatabase(String jdbcUrl, String user, String password) {
        options.put(dev.migrate.internal.engine.DiffOperation.ShadowServer.class,
                new dev.migrate.internal.engine.DiffOperation.ShadowServer(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password));
        return this;
    }

    /** Replaces the locations with {@code classpath:...} / {@code filesystem:...} strings. */
    public MigratorBuilder locations(String... locations) {
        this.locations.clear();
        for (String location : locations) {
            this.locations.add(Location.parse(location));
        }
        return this;
    }

    /** Replaces the locations. */
    public MigratorBuilder locations(Location... locations) {
        this.locations.clear();
        this.locations.addAll(List.of(locations));
        return this;
    }

    /** The managed schema (default {@code public}): created if absent, first on the search path, holds the history. */
    public MigratorBuilder schema(String schema) {
        return schemas(schema);
    }

    /**
     * Several managed schemas: all are created if absent and put on the search path in this
     * order while migrating, and {@code reset} drops them all; the first holds the history.
     */
    public MigratorBuilder schemas(String first, String... more) {
        schemas.clear();
        schemas.add(Objects.requireNonNull(first, "first"));
        for (String schema : more) {
            schemas.add(Objects.requireNonNull(schema, "schema"));
        }
        return this;
    }

    /** The history table's name (default {@code migrate_history}). */
    public MigratorBuilder historyTable(String table) {
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
    public MigratorBuilder placeholder(String name, String value) {
        placeholders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Adds several placeholder values. */
    public MigratorBuilder placeholders(Map<String, String> values) {
        values.forEach(this::placeholder);
        return this;
    }

    /** Replaces the whole lock policy; see {@link #lockWait}, {@link #lockTimeout} and {@link #lockRetries}. */
    public MigratorBuilder locks(MigratorConfig.LockPolicy policy) {
        this.locks = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * How long to wait for the migration lock held by another runner (default 2 minutes), and
     * for the server session of an interrupted run that is still finishing a statement.
     */
    public MigratorBuilder lockWait(Duration wait) {
        return locks(locks.withLockWait(wait));
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
    public MigratorBuilder lockTimeout(Duration timeout) {
        return locks(locks.withLockTimeout(timeout));
    }

    /**
     * How many times a statement that hit {@code lockTimeout} (or a deadlock) is retried
     * (default 20). Pauses between attempts grow from about 0.1 s to at most 10 s, so with the
     * defaults a migration keeps trying for about two minutes of contention before it fails
     * with {@code LOCK_RETRIES_EXHAUSTED}.
     */
    public MigratorBuilder lockRetries(int retries) {
        return locks(locks.withLockRetries(retries));
    }

    /** Applies pending migrations older than the latest applied one instead of refusing (default false). */
    public MigratorBuilder outOfOrder(boolean allowed) {
        this.outOfOrder = allowed;
        return this;
    }

    /**
     * Applies pending versioned migrations up to and including {@code version}, and none newer
     * (default: all). Repeatable migrations still run when their checksum changed.
     */
    public MigratorBuilder target(Version version) {
        this.target = Objects.requireNonNull(version, "version");
        return this;
    }

    /**
     * Like {@link #target(Version)}, with the version as written in file names.
     *
     * @throws ConfigurationException when {@code version} is not a version
     */
    public MigratorBuilder target(String version) {
        return target(Version.parseArgument("target", version));
    }

    /** The name recorded in the history as who applied a migration (default: the database user). */
    public MigratorBuilder installedBy(String name) {
        this.installedBy = Objects.requireNonNull(name, "name");
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
    public MigratorBuilder refuseFindingsAbove(Severity severity) {
        this.refuseAbove = Objects.requireNonNull(severity, "severity");
        return this;
    }

    /**
     * Allows {@code reset()}, which drops every managed schema with everything in it (default
     * false). Turn it on only where losing all data is fine: development and test databases.
     */
    public MigratorBuilder allowReset(boolean allowed) {
        this.reset = new MigratorConfig.ResetPolicy(allowed, reset.seedScript(), reset.seeder());
        return this;
    }

    /**
     * A SQL script that {@code reset()} runs after migrating, in one transaction:
     * {@code classpath:db/seed.sql} or {@code filesystem:dev/seed.sql}. Placeholders apply.
     */
    public MigratorBuilder seedScript(String location) {
        this.reset = new MigratorConfig.ResetPolicy(reset.allowed(), Objects.requireNonNull(location, "location"), reset.seeder());
        return this;
    }

    /** Java code that {@code reset()} runs after migrating (after the seed script, if both are set). */
    public MigratorBuilder seeder(Seeder seeder) {
        this.reset = new MigratorConfig.ResetPolicy(reset.allowed(), reset.seedScript(), Objects.requireNonNull(seeder, "seeder"));
        return this;
    }

    /** Adds a receiver of progress events. */
    public MigratorBuilder listener(EventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Adds code to run before and after migrating, each migration and each statement; see {@link Callback}. */
    public MigratorBuilder callback(Callback callback) {
        callbacks.add(Objects.requireNonNull(callback, "callback"));
        return this;
    }

    /** Adds migrations written in Java; see {@link JavaMigration}. */
    public MigratorBuilder javaMigrations(JavaMigration... migrations) {
        for (JavaMigration m : migrations) {
            javaMigrations.add(Objects.requireNonNull(m, "migration"));
        }
        return this;
    }

    /**
     * Adds a checker whose findings {@code plan()} reports, besides those found on the class
     * path through {@link java.util.ServiceLoader}.
     */
    public MigratorBuilder checker(PlanChecker checker) {
        checkers.add(Objects.requireNonNull(checker, "checker"));
        return this;
    }

    /** Adds a source of migrations, besides those found through {@link java.util.ServiceLoader}; see {@link MigrationSource}. */
    public MigratorBuilder source(MigrationSource source) {
        sources.add(Objects.requireNonNull(source, "source"));
        return this;
    }

    /** Adds a runner for a kind of script, besides those found through {@link java.util.ServiceLoader}; see {@link StepRunner}. */
    public MigratorBuilder stepRunner(StepRunner runner) {
        runners.add(Objects.requireNonNull(runner, "runner"));
        return this;
    }

    /**
     * Gives an extension module its options: a record of the module's own, which its code reads
     * back with {@link MigratorConfig#options(Class)}. One value per class; a second replaces the first.
     */
    public MigratorBuilder options(Object moduleOptions) {
        Objects.requireNonNull(moduleOptions, "moduleOptions");
        options.put(moduleOptions.getClass(), moduleOptions);
        return this;
    }

    /** The class loader for class path locations and services (default: the thread's context class loader). */
    public MigratorBuilder classLoader(ClassLoader loader) {
        this.classLoader = Objects.requireNonNull(loader, "loader");
        return this;
    }

    /** The settings as they stand, checked: what {@link #build()} builds with. */
    public MigratorConfig config() {
        List<Location> locs = locations.isEmpty() ? List.of(Location.classpath("db/migration")) : locations;
        ClassLoader loader = classLoader != null ? classLoader : defaultClassLoader();
        return new MigratorConfig(connection, locs, schemas, historyTable, placeholders, locks, outOfOrder, target, installedBy,
                refuseAbove, reset, new MigratorConfig.Hooks(listeners, callbacks, javaMigrations, checkers, sources, runners),
                loader, options);
    }

    /**
     * Checks the settings and builds the migrator. Connects to nothing.
     *
     * @throws ConfigurationException naming the setting that is wrong
     */
    public Migrator build() {
        return new Migrator(config());
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Migrator.class.getClassLoader();
    }
}
