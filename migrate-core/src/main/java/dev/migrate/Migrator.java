package dev.migrate;

import dev.migrate.internal.engine.BaselineOperation;
import dev.migrate.internal.engine.DiffOperation;
import dev.migrate.internal.engine.Engine;
import dev.migrate.internal.engine.ExclusiveOperation;
import dev.migrate.internal.engine.InspectOperation;
import dev.migrate.internal.engine.MigrateOperation;
import dev.migrate.internal.engine.PlanOperation;
import dev.migrate.internal.engine.ResetOperation;
import dev.migrate.internal.engine.ResolveOperation;
import dev.migrate.internal.engine.RollbackOperation;
import dev.migrate.schema.DatabaseSchema;
import dev.migrate.spi.LockSafeSession;
import dev.migrate.spi.StepRunner;
import java.nio.file.Path;
import java.util.Objects;

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
    private final Engine engine;

    Migrator(MigratorConfig config) {
        this.config = config;
        this.engine = new Engine(config);
    }

    /** Starts a configuration. */
    public static MigratorBuilder configure() {
        return new MigratorBuilder();
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
        return new MigrateOperation(engine).run();
    }

    /** Every migration, local or recorded, with its state, and the problems validation would report. */
    public Status status() {
        return new PlanOperation(engine).status();
    }

    /**
     * Checks the sources against the history, and splits every pending script, without changing anything.
     * Warnings (a version applied by a newer release, an out-of-order migration) are logged, not thrown.
     *
     * @throws ValidationException listing every problem found
     */
    public void validate() {
        new PlanOperation(engine).plan();
    }

    /**
     * A dry run: the statements {@code migrate()} would execute now and how.
     *
     * @throws ValidationException when {@code migrate()} would refuse to run
     */
    public Plan plan() {
        return new PlanOperation(engine).plan();
    }

    /**
     * Reverts applied migrations with their down scripts: {@code rollback().last()},
     * {@code .steps(n)}, {@code .to(version)} or {@code .all()}. See {@link Rollback}.
     */
    public Rollback rollback() {
        RollbackOperation rollback = new RollbackOperation(engine);
        return new Rollback(rollback::run);
    }

    /**
     * Corrects the history after a person has looked: {@code markApplied}, {@code markRolledBack},
     * {@code acceptChecksums}. See {@link Resolve}.
     */
    public Resolve resolve() {
        ResolveOperation resolve = new ResolveOperation(engine);
        return new Resolve(resolve::run);
    }

    /**
     * Adopts an existing database that was built without this library: records {@code version} as
     * the baseline, so that it and every older migration count as applied and never run here;
     * newer ones run on the next {@code migrate()}. Creates the history table.
     *
     * @return the status afterwards
     * @throws ValidationException    when the history already has rows
     * @throws ConfigurationException when {@code version} is not a version
     */
    public Status baseline(String version) {
        return baseline(Version.parseArgument("version", version));
    }

    /** Like {@link #baseline(String)}. */
    public Status baseline(Version version) {
        return new BaselineOperation(engine).run(Objects.requireNonNull(version, "version"));
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
    public Path newMigration(String name) {
        return new InspectOperation(engine).newMigration(Objects.requireNonNull(name, "name"));
    }

    /**
     * Compares two schemas and gives the ordered changes from one to the other, with their SQL and
     * hazards ({@link dev.migrate.schema.DatabaseSchema#changesTo}): {@code diff(From.migrations(),
     * To.database())} shows what was done to the database by hand; {@code diff(From.database(),
     * To.sqlFile(path))} what a desired-state file asks for. Migrations and files are read on a
     * shadow database on the same server, made from {@code template0} and always dropped again
     * (or on the server {@link MigratorBuilder#shadowDatabase} names).
     *
     * @throws ConfigurationException when the role may not create a shadow database, naming the option to use instead
     */
    public SchemaDiff diff(SchemaSource from, SchemaSource to) {
        return new DiffOperation(engine).diff(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"));
    }

    /**
     * Reads the managed schema from the database's catalog into an immutable model: tables,
     * columns, constraints, indexes, views, functions, triggers, types, sequences. The history table
     * is left out. What the testkit's schema assertions and snapshots are built on.
     */
    public DatabaseSchema inspect() {
        return new InspectOperation(engine).inspect();
    }

    /**
     * Drops every managed schema with everything in it, creates them again, applies every
     * migration, and runs the seed ({@link MigratorBuilder#seedScript}, {@link MigratorBuilder#seeder}) unless
     * {@code options.skipSeed()}. For development and test databases only.
     *
     * @throws ConfigurationException unless the migrator was built with {@code allowReset(true)}
     */
    public ResetResult reset(Reset options) {
        return new ResetOperation(engine).run(Objects.requireNonNull(options, "options"));
    }

    /** {@code reset(Reset.force())}: drop, migrate, seed. */
    public ResetResult reset() {
        return reset(Reset.force());
    }

    /**
     * Runs a module's code outside any migration, the way a step without a transaction runs: under
     * the migration lock (so no migration runs meanwhile), on a session with the managed schemas
     * first on the search path and {@code lock_timeout} set, each statement sent through
     * {@link LockSafeSession#execute} retried after a lock timeout, and whatever the code changes in
     * the session put back afterwards. Nothing is recorded in the history: the code keeps its own
     * state. What migrate-zerodowntime completes and rolls back expanded migrations with.
     *
     * @param task what the code does, for messages and events ({@link LockSafeSession#script()})
     * @throws DatabaseException        a statement failed, naming {@code task} and the statement
     * @throws LockUnavailableException another runner kept the lock longer than {@code lockWait}
     */
    public void runExclusive(String task, StepRunner.Body body) {
        new ExclusiveOperation(engine).run(Objects.requireNonNull(task, "task"), Objects.requireNonNull(body, "body"));
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
        return PlanOperation.read(Objects.requireNonNull(script, "script"), Objects.requireNonNull(sql, "sql"), serverMajor);
    }

    @Override
    public String toString() {
        return "Migrator[" + config.connection() + ", locations=" + config.locations() + ", schemas=" + config.schemas() + "]";
    }
}
