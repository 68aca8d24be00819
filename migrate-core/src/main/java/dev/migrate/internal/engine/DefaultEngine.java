package dev.migrate.internal.engine;

import dev.migrate.Callback;
import dev.migrate.DatabaseException;
import dev.migrate.InvalidMigrationException;
import dev.migrate.JavaMigration;
import dev.migrate.MigrateResult;
import dev.migrate.MigratorConfig;
import dev.migrate.MigrationException;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationState;
import dev.migrate.Plan;
import dev.migrate.Reset;
import dev.migrate.ResetResult;
import dev.migrate.Resolve;
import dev.migrate.ResolveResult;
import dev.migrate.RollbackResult;
import dev.migrate.Status;
import dev.migrate.ValidationException;
import dev.migrate.ValidationProblem;
import dev.migrate.Version;
import dev.migrate.internal.exec.AdvisoryLock;
import dev.migrate.internal.exec.Bookkeeping;
import dev.migrate.internal.exec.Events;
import dev.migrate.internal.exec.MigrationExecutor;
import dev.migrate.internal.exec.MigrationSession;
import dev.migrate.internal.exec.PreparedMigration;
import dev.migrate.internal.exec.PriorAttempt;
import dev.migrate.internal.exec.ScriptPreparer;
import dev.migrate.internal.exec.SqlCallbacks;
import dev.migrate.internal.history.HistoryRow;
import dev.migrate.internal.history.HistoryTable;
import dev.migrate.internal.jdbc.ConnectionProvider;
import dev.migrate.internal.recovery.Recovery;
import dev.migrate.internal.schema.CatalogReader;
import dev.migrate.internal.source.MigrationFileWriter;
import dev.migrate.internal.source.ResolvedMigration;
import dev.migrate.internal.source.SourceLoader;
import dev.migrate.internal.source.SourceSet;
import dev.migrate.internal.sql.Placeholders;
import dev.migrate.schema.DatabaseSchema;
import dev.migrate.spi.MigrationEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link dev.migrate.Migrator}: sources and history in, states, plans and
 * applied migrations out. Holds no connection between calls.
 *
 * <p>{@code migrate()} reads the history once without any lock (only the columns that decide what
 * to apply), while the sources are read on another thread; when nothing is pending it returns
 * there. Otherwise it creates the history table if needed, takes the advisory lock on the same
 * connection, reads the history again (another runner may have done the work in between), checks
 * any failed or interrupted run against the catalog, and applies what is still pending.
 */
public final class DefaultEngine implements MigrationEngine {
    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.Migrator");

    private final MigratorConfig config;
    private final ConnectionProvider connections;
    private final SourceLoader sources;
    private final HistoryTable history;
    private final StateEvaluator evaluator;
    private final Resolver resolver;
    private final ScriptPreparer preparer;
    private final Events events;
    private final ManagedSchemas schemas;
    private final PlanChecks checks;
    private volatile Reconciliation reconciliation;

    DefaultEngine(MigratorConfig config) {
        this.config = config;
        this.connections = new ConnectionProvider(config.connection());
        this.sources = new SourceLoader(config.classLoader());
        this.history = new HistoryTable(config.schema(), config.historyTable());
        this.evaluator = new StateEvaluator(config.outOfOrder(), config.target());
        this.resolver = new Resolver(history, config.installedBy());
        Map<String, String> placeholders = new HashMap<>(config.placeholders());
        placeholders.putIfAbsent("migrate:schema", config.schema());
        this.preparer = new ScriptPreparer(new Placeholders(placeholders));
        this.events = new Events(config.listeners());
        this.schemas = new ManagedSchemas(config.schemas());
        this.checks = new PlanChecks(config);
    }

    @Override
    public MigrateResult migrate() {
        long started = System.nanoTime();
        Background<SourceSet> reading = Background.start(() -> loadSources());
        try (Connection c = connections.get()) {
            c.setAutoCommit(true);
            Optional<List<HistoryRow>> rows = history.readBrief(c);
            SourceSet found = reading.join();
            Evaluation first = evaluator.evaluate(found, rows.orElse(List.of()));
            Version initial = first.status().currentVersion().orElse(null);
            if (!first.interrupted()) {
                if (!first.status().problems().isEmpty()) {
                    requireValid(reconciled(c, first, serverMajor(c), false).status().problems());
                }
                if (first.pending().isEmpty() && config.callbacks().isEmpty() && found.callbacks().isEmpty()) {
                    LOG.info("Schema {} is up to date{} (nothing pending)", config.schema(), initial == null ? "" : " at version " + initial);
                    return new MigrateResult(List.of(), initial, Duration.ofNanos(System.nanoTime() - started));
                }
            }
            int major = serverMajor(c);
            Map<String, PreparedMigration> prepared = prepareAll(first.pending(), major);
            if (config.refuseAbove() != null) {
                checks.gate(c, major, first.pending(), prepared);
            }
            List<Callback> callbacks = callbacks(found, major);
            if (rows.isEmpty()) {
                history.create(c);
            }
            // The lock lives on the session the migrations run in: if this process dies, the server
            // finishes the statement in flight before it ends the session and frees the lock.
            boolean full = !callbacks.isEmpty() || prepared.values().stream().anyMatch(PreparedMigration::setsSettings);
            try (AdvisoryLock lock = AdvisoryLock.acquire(c, lockKey(), config.lockWait(), history.qualifiedName(), events);
                 MigrationSession session = MigrationSession.open(c, config.schemas(), config.lockTimeout(), full);
                 Bookkeeping bookkeeping = new Bookkeeping(connections::get)) {
                Evaluation locked = evaluator.evaluate(found, history.readBrief(c).orElse(List.of()));
                requireValid(reconciled(c, locked, major, true).status().problems());
                initial = locked.status().currentVersion().orElse(null);
                List<PreparedMigration> todo = new ArrayList<>();
                for (ResolvedMigration m : locked.pending()) {
                    PreparedMigration p = prepared.get(m.script());
                    todo.add(p != null ? p : prepareAll(List.of(m), major).get(m.script()));
                }
                schemas.createMissing(c);
                MigrationExecutor executor = executor(callbacks, bookkeeping);
                MigrateResult result;
                try {
                    for (Callback cb : callbacks) {
                        cb.beforeMigrate(c);
                    }
                    List<MigrateResult.Applied> applied = run(executor, session, todo, locked, false);
                    result = new MigrateResult(applied, initial, Duration.ofNanos(System.nanoTime() - started));
                    for (Callback cb : callbacks) {
                        cb.afterMigrate(c, result);
                    }
                } catch (MigrationException e) {
                    for (Callback cb : callbacks) {
                        try {
                            cb.afterMigrateError(c, e);
                        } catch (SQLException | RuntimeException suppressed) {
                            e.addSuppressed(suppressed);
                        }
                    }
                    throw e;
                }
                List<MigrateResult.Applied> applied = result.applied();
                LOG.info("Applied {} migration(s) to schema {} in {} ms{}", applied.size(), config.schema(),
                        result.duration().toMillis(), result.finalVersion().map(v -> "; now at version " + v).orElse(""));
                return result;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Database error while migrating " + connections.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Runs down scripts for a rollback: each-migration callbacks apply, migrate-level ones do not. */
    private List<MigrateResult.Applied> apply(Connection c, SourceSet found, List<PreparedMigration> todo, Evaluation evaluation)
            throws SQLException {
        if (todo.isEmpty()) {
            return List.of();
        }
        List<Callback> callbacks = callbacks(found, serverMajor(c));
        boolean full = !callbacks.isEmpty() || todo.stream().anyMatch(PreparedMigration::setsSettings);
        try (MigrationSession session = MigrationSession.open(c, config.schemas(), config.lockTimeout(), full);
             Bookkeeping bookkeeping = new Bookkeeping(connections::get)) {
            return run(executor(callbacks, bookkeeping), session, todo, evaluation, true);
        }
    }

    /**
     * Runs {@code todo} in order from the evaluation's next rank. A failure carries what this call
     * had done before it ({@link MigrationException#completed()}).
     */
    private static List<MigrateResult.Applied> run(MigrationExecutor executor, MigrationSession session, List<PreparedMigration> todo,
                                                   Evaluation evaluation, boolean reverting) {
        List<MigrateResult.Applied> applied = new ArrayList<>(todo.size());
        int rank = evaluation.nextRank();
        for (PreparedMigration m : todo) {
            try {
                applied.add(executor.run(session, m, rank++, reverting ? PriorAttempt.NONE : evaluation.priorOf(m.migration())));
            } catch (MigrationException e) {
                throw applied.isEmpty() ? e : e.completedBefore(applied, reverting);
            }
        }
        return applied;
    }

    private MigrationExecutor executor(List<Callback> callbacks, Bookkeeping bookkeeping) {
        return new MigrationExecutor(history, config.lockRetries(), config.installedBy(), events, callbacks, bookkeeping);
    }

    /** The configured Java callbacks, then the SQL callback files of the locations (checked before anything runs). */
    private List<Callback> callbacks(SourceSet found, int serverMajor) {
        if (found.callbacks().isEmpty()) {
            return config.callbacks();
        }
        List<Callback> all = new ArrayList<>(config.callbacks());
        all.add(new SqlCallbacks(found.callbacks(), preparer, serverMajor));
        return all;
    }

    @Override
    public RollbackResult rollback(Version target, int steps) {
        long started = System.nanoTime();
        return underLock("rolling back", false, (c, found, rows) -> {
            Evaluation evaluation = evaluator.evaluate(found, rows);
            requireValid(reconciled(c, evaluation, serverMajor(c), true).status().problems());
            Version initial = evaluation.status().currentVersion().orElse(null);
            List<ResolvedMigration> revert = RollbackSelection.select(evaluation, rows, target, steps);
            List<PreparedMigration> downs = RollbackSelection.prepareDowns(preparer, revert, serverMajor(c));
            List<MigrateResult.Applied> reverted = apply(c, found, downs, evaluation);
            Version after = null;
            for (MigrationInfo m : evaluation.status().migrations()) {
                boolean stays = m.state() == MigrationState.APPLIED || m.state() == MigrationState.BASELINE;
                if (stays && revert.stream().noneMatch(r -> r.version().equals(m.version()))
                        && (after == null || m.version().isNewerThan(after))) {
                    after = m.version();
                }
            }
            RollbackResult result = new RollbackResult(reverted, initial, after, Duration.ofNanos(System.nanoTime() - started));
            if (!reverted.isEmpty()) {
                LOG.info("Rolled back {} migration(s) in schema {} in {} ms; now at {}", reverted.size(), config.schema(),
                        result.duration().toMillis(), after == null ? "no version" : "version " + after);
            }
            return result;
        });
    }

    @Override
    public ResolveResult resolve(Resolve.Action action, String migration, int fromStatement) {
        return underLock("resolving", false, (c, found, rows) -> {
            Evaluation evaluation = evaluator.evaluate(found, rows);
            Recovery.Reconciled reconciled = null;
            PreparedMigration prepared = null;
            if (action == Resolve.Action.RESUME) {
                evaluation = reconciled(c, evaluation, serverMajor(c), true);
                for (Evaluation.Failed f : evaluation.failed()) {
                    if (migration.equals(f.row().version() == null ? f.row().description() : f.row().version().toString())
                            || Version.isVersion(migration) && Version.parse(migration).equals(f.row().version())) {
                        prepared = reconciliation().prepared(f, serverMajor(c));
                        reconciled = reconciliation().reconciled(c, f, serverMajor(c));
                    }
                }
            }
            ResolveResult result = resolver.resolve(c, evaluation, action, migration, fromStatement, reconciled, prepared);
            for (ResolveResult.Resolved r : result.resolved()) {
                LOG.info("Resolved {}: {} -> {} (recorded in {})", r.script(), r.before(), r.after(), history.qualifiedName());
            }
            return result;
        });
    }

    @Override
    public Status baseline(Version version, String description) {
        return underLock("baselining", true, (c, found, rows) -> {
            resolver.baseline(c, evaluator.evaluate(found, rows), version, description);
            LOG.info("Baselined schema {} at version {}", config.schema(), version);
            return evaluator.evaluate(found, history.read(c).orElse(List.of())).status();
        });
    }

    @Override
    public ResetResult reset(Reset options) {
        long started = System.nanoTime();
        Seeding seeding = new Seeding(config, preparer, events);
        boolean seeded = options.seed() && (config.seedScript() != null || config.seeder() != null);
        PreparedMigration seedScript = underLock("resetting", false, (c, found, rows) -> {
            // Everything that can be checked is checked before anything is dropped.
            requireValid(found.problems());
            prepareAll(found.versioned(), serverMajor(c));
            prepareAll(found.repeatable(), serverMajor(c));
            PreparedMigration script = seeded ? seeding.prepareScript(serverMajor(c)) : null;
            schemas.dropAndCreate(c);
            return script;
        });
        LOG.warn("Reset: dropped and re-created schemas {} in {}", config.schemas(), connections.describe());
        MigrateResult migrated = migrate();
        if (seeded) {
            underLock("seeding", false, (c, found, rows) -> {
                seeding.run(c, seedScript, history);
                return null;
            });
        }
        return new ResetResult(config.schemas(), migrated, seeded, Duration.ofNanos(System.nanoTime() - started));
    }

    @Override
    public DatabaseSchema inspect() {
        try (Connection c = connections.get()) {
            c.setAutoCommit(true);
            return CatalogReader.read(c, config.schemas(), Set.of(config.historyTable()));
        } catch (SQLException e) {
            throw new DatabaseException("Database error while reading the schema of " + connections.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public java.nio.file.Path newMigration(String name) {
        MigrationFileWriter.target(config.locations());
        SourceSet found = loadSources();
        java.nio.file.Path written = new MigrationFileWriter(java.time.Clock.systemUTC()).write(config.locations(), found, name);
        LOG.info("Wrote new migration {}", written);
        return written;
    }

    /** Work done while holding the migration lock, on a history read after the lock was taken. */
    private interface LockedWork<T> {
        T run(Connection c, SourceSet sources, List<HistoryRow> rows) throws SQLException;
    }

    /**
     * Reads the sources (in the background), takes the migration lock on a second connection, reads
     * the history and runs {@code work}. With {@code createHistory}, creates the history table first.
     */
    private <T> T underLock(String action, boolean createHistory, LockedWork<T> work) {
        Background<SourceSet> reading = Background.start(() -> loadSources());
        try (Connection c = connections.get()) {
            c.setAutoCommit(true);
            if (createHistory && history.read(c).isEmpty()) {
                history.create(c);
            }
            SourceSet found = reading.join();
            try (AdvisoryLock lock = AdvisoryLock.acquire(c, lockKey(), config.lockWait(), history.qualifiedName(), events)) {
                return work.run(c, found, history.read(c).orElse(List.of()));
            }
        } catch (SQLException e) {
            throw new DatabaseException("Database error while " + action + " " + connections.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Status status() {
        return evaluateNow().status();
    }

    @Override
    public void validate() {
        plan();
    }

    @Override
    public Plan plan() {
        Background<SourceSet> reading = Background.start(() -> loadSources());
        try (Connection c = connections.get()) {
            c.setAutoCommit(true);
            List<HistoryRow> rows = history.read(c).orElse(List.of());
            int major = serverMajor(c);
            Evaluation evaluation = reconciled(c, evaluator.evaluate(reading.join(), rows), major, false);
            List<ValidationProblem> problems = new ArrayList<>(evaluation.status().problems());
            for (ValidationProblem warning : evaluation.status().warnings()) {
                LOG.warn("{}", warning);
            }
            List<Plan.Step> steps = new ArrayList<>();
            for (ResolvedMigration m : evaluation.pending()) {
                try {
                    steps.add(PlanChecks.step(m, preparer.prepare(m, major)));
                } catch (InvalidMigrationException e) {
                    problems.add(e.problem());
                }
            }
            requireValid(problems);
            return new Plan(steps, checks.findings(new Plan(steps), c, major));
        } catch (SQLException e) {
            throw new DatabaseException("Database error while planning " + connections.describe() + ": " + e.getMessage(), e);
        }
    }

    /** The evaluation with failed runs checked against the catalog; itself, at no cost, when none failed. */
    private Evaluation reconciled(Connection c, Evaluation evaluation, int serverMajor, boolean waitForSessions) throws SQLException {
        return evaluation.failed().isEmpty() ? evaluation : reconciliation().reconcile(c, evaluation, serverMajor, waitForSessions);
    }

    /** Made on first use: a run with nothing failed never loads the recovery classes. */
    private Reconciliation reconciliation() {
        Reconciliation r = reconciliation;
        if (r == null) {
            r = new Reconciliation(preparer, events, config.lockWait(), config.schemas());
            reconciliation = r;
        }
        return r;
    }

    /** The locations' migrations plus the Java ones, configured and found through ServiceLoader. */
    private SourceSet loadSources() {
        List<JavaMigration> java = new ArrayList<>(config.javaMigrations());
        ServiceLoader.load(JavaMigration.class, config.classLoader()).forEach(java::add);
        return sources.load(config.locations(), java);
    }

    private Evaluation evaluateNow() {
        Background<SourceSet> reading = Background.start(() -> loadSources());
        try (Connection c = connections.get()) {
            c.setAutoCommit(true);
            List<HistoryRow> rows = history.read(c).orElse(List.of());
            return reconciled(c, evaluator.evaluate(reading.join(), rows), serverMajor(c), false);
        } catch (SQLException e) {
            throw new DatabaseException("Database error while reading status from " + connections.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Splits and checks every pending script before anything runs, reporting all problems at once. */
    private Map<String, PreparedMigration> prepareAll(List<ResolvedMigration> pending, int serverMajor) {
        Map<String, PreparedMigration> prepared = new LinkedHashMap<>();
        List<ValidationProblem> problems = new ArrayList<>();
        for (ResolvedMigration m : pending) {
            try {
                prepared.put(m.script(), preparer.prepare(m, serverMajor));
            } catch (InvalidMigrationException e) {
                problems.add(e.problem());
            }
        }
        requireValid(problems);
        return prepared;
    }

    private static void requireValid(List<ValidationProblem> problems) {
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private long lockKey() {
        return AdvisoryLock.keyFor(config.schema(), config.historyTable());
    }

    private static int serverMajor(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseMajorVersion();
    }

    @Override
    public void close() {
        connections.close();
    }

    /** Found by {@link java.util.ServiceLoader} from {@code Migrator.Builder.build()}. */
    public static final class Factory implements MigrationEngine.Factory {
        @Override
        public MigrationEngine open(MigratorConfig config) {
            return new DefaultEngine(config);
        }

        @Override
        public Plan.Step read(String script, String sql, int serverMajor) {
            return PlanChecks.read(script, sql, serverMajor);
        }
    }
}
