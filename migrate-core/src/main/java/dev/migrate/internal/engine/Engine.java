package dev.migrate.internal.engine;

import dev.migrate.Callback;
import dev.migrate.DatabaseException;
import dev.migrate.InvalidMigrationException;
import dev.migrate.MigrateResult;
import dev.migrate.MigratorConfig;
import dev.migrate.MigrationException;
import dev.migrate.ValidationException;
import dev.migrate.ValidationProblem;
import dev.migrate.internal.exec.AdvisoryLock;
import dev.migrate.internal.exec.Bookkeeping;
import dev.migrate.internal.exec.Events;
import dev.migrate.internal.exec.JavaRunner;
import dev.migrate.internal.exec.MigrationExecutor;
import dev.migrate.internal.exec.MigrationSession;
import dev.migrate.internal.exec.PreparedMigration;
import dev.migrate.internal.exec.PriorAttempt;
import dev.migrate.internal.exec.ScriptPreparer;
import dev.migrate.internal.exec.SqlCallbacks;
import dev.migrate.internal.exec.SqlRunner;
import dev.migrate.internal.history.HistoryRow;
import dev.migrate.internal.history.HistoryTable;
import dev.migrate.internal.jdbc.ConnectionProvider;
import dev.migrate.internal.source.ResolvedMigration;
import dev.migrate.internal.source.SourceLoader;
import dev.migrate.internal.source.SourceSet;
import dev.migrate.internal.sql.Placeholders;
import dev.migrate.spi.StepRunner;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * What every operation of a {@link dev.migrate.Migrator} works with, made once per migrator: the
 * configuration, connections, sources, history, script preparation and events; and the two
 * shapes every operation takes: {@link #connected} (the sources read on another thread while a
 * connection in auto-commit mode does the work, database errors wrapped with what was being done)
 * and {@link #underLock} (the same, holding the migration lock, on a history read after it was
 * taken). Holds no connection between calls.
 */
public final class Engine implements AutoCloseable {
    final MigratorConfig config;
    final ConnectionProvider connections;
    final HistoryTable history;
    final StateEvaluator evaluator;
    final ScriptPreparer preparer;
    final Events events;
    final ManagedSchemas schemas;
    final PlanChecks checks;
    private final SourceLoader sources;
    private volatile Reconciliation reconciliation;

    public Engine(MigratorConfig config) {
        this.config = config;
        this.connections = new ConnectionProvider(config.connection());
        Map<String, String> placeholders = new HashMap<>(config.placeholders());
        placeholders.putIfAbsent("migrate:schema", config.schema());
        SqlRunner sql = new SqlRunner(new Placeholders(placeholders));
        List<StepRunner> runners = new ArrayList<>(config.hooks().runners());
        ServiceLoader.load(StepRunner.class, config.classLoader()).forEach(runners::add);
        runners.add(sql);
        runners.add(new JavaRunner());
        this.sources = new SourceLoader(config, runners);
        this.preparer = new ScriptPreparer(sql, runners, config);
        this.history = new HistoryTable(config.schema(), config.historyTable());
        this.evaluator = new StateEvaluator(config.outOfOrder(), config.target());
        this.events = new Events(config.hooks().listeners());
        this.schemas = new ManagedSchemas(config.schemas());
        this.checks = new PlanChecks(config);
    }

    /** Work on a connection in auto-commit mode, while the sources are read on another thread. */
    interface Connected<T> {
        T run(Connection c, Supplier<SourceSet> sources) throws SQLException;
    }

    /** Work on a connection in auto-commit mode. */
    interface OnConnection<T> {
        T run(Connection c) throws SQLException;
    }

    /** Work done holding the migration lock, on a history read after the lock was taken. */
    interface Locked<T> {
        T run(Connection c, SourceSet sources, List<HistoryRow> rows) throws SQLException;
    }

    /**
     * Reads the sources in the background, gets a connection in auto-commit mode and runs
     * {@code work}; a database error becomes a {@link DatabaseException} saying it happened while
     * {@code action} ({@code "migrating"}, {@code "planning"}...).
     */
    <T> T connected(String action, Connected<T> work) {
        Background<SourceSet> reading = Background.start(this::loadSources);
        try (Connection c = connections.get()) {
            c.setAutoCommit(true);
            return work.run(c, reading);
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    /** Like {@link #connected}, for work that needs no sources. */
    <T> T onConnection(String action, OnConnection<T> work) {
        try (Connection c = connections.get()) {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    private DatabaseException failure(String action, SQLException e) {
        return new DatabaseException("Database error while " + action + " " + connections.describe() + ": " + e.getMessage(), e);
    }

    /**
     * Like {@link #connected}, holding the migration lock (taken on the same connection) while
     * {@code work} runs. With {@code createHistory}, creates the history table first.
     */
    @SuppressWarnings("try") // the lock is held for the block, never referenced in it
    <T> T underLock(String action, boolean createHistory, Locked<T> work) {
        return connected(action, (c, sources) -> {
            if (createHistory && history.read(c).isEmpty()) {
                history.create(c);
            }
            SourceSet found = sources.get();
            try (AdvisoryLock lock = lock(c)) {
                List<HistoryRow> rows = history.read(c).orElse(List.of());
                history.upgradeIfOlder(c);
                return work.run(c, found, rows);
            }
        });
    }

    /** Takes the migration lock on {@code c}, polling until {@code lockWait} passes. */
    AdvisoryLock lock(Connection c) throws SQLException {
        return AdvisoryLock.acquire(c, AdvisoryLock.keyFor(config.schema(), config.historyTable()), config.locks().lockWait(),
                history.qualifiedName(), events);
    }

    /** The locations' migrations and every other source's. */
    SourceSet loadSources() {
        return sources.load();
    }

    /** The evaluation with failed runs checked against the catalog; itself, at no cost, when none failed. */
    Evaluation reconciled(Connection c, Evaluation evaluation, int serverMajor, boolean waitForSessions) throws SQLException {
        return evaluation.failed().isEmpty() ? evaluation : reconciliation().reconcile(c, evaluation, serverMajor, waitForSessions);
    }

    /** Made on first use: a run with nothing failed never loads the recovery classes. */
    Reconciliation reconciliation() {
        Reconciliation r = reconciliation;
        if (r == null) {
            r = new Reconciliation(preparer, events, config.locks().lockWait(), config.schemas());
            reconciliation = r;
        }
        return r;
    }

    /** Splits and checks every script before anything runs, reporting all problems at once. */
    Map<String, PreparedMigration> prepareAll(List<ResolvedMigration> migrations, int serverMajor) {
        Map<String, PreparedMigration> prepared = new LinkedHashMap<>();
        List<ValidationProblem> problems = new ArrayList<>();
        for (ResolvedMigration m : migrations) {
            try {
                prepared.put(m.script(), preparer.prepare(m, serverMajor));
            } catch (InvalidMigrationException e) {
                problems.add(e.problem());
            }
        }
        requireValid(problems);
        return prepared;
    }

    /**
     * Opens what running migrations needs on {@code c}: the migration session (managed schemas on
     * the search path, {@code lock_timeout}, the snapshot that is put back after each migration)
     * and the bookkeeping connection.
     *
     * @param callbacks the callbacks of the run: each-migration and each-statement ones are called by the run
     * @param full      whether to snapshot every changed setting, because a migration or callback may change them
     */
    Run open(Connection c, List<Callback> callbacks, boolean full) {
        return new Run(c, callbacks, full || !callbacks.isEmpty());
    }

    /** Migrations being applied (or reverted) on one session: see {@link #open}. */
    final class Run implements AutoCloseable {
        private final MigrationSession session;
        private final Bookkeeping bookkeeping;
        private final MigrationExecutor executor;

        private Run(Connection c, List<Callback> callbacks, boolean full) {
            this.session = MigrationSession.open(c, config.schemas(), config.locks().lockTimeout(), full);
            this.bookkeeping = new Bookkeeping(connections::get);
            this.executor = new MigrationExecutor(history, config.locks().lockRetries(), config.installedBy(), events, callbacks,
                    bookkeeping, config);
        }

        /**
         * Runs {@code todo} in order from the evaluation's next rank. A failure carries what this
         * call had done before it ({@link MigrationException#completed()}).
         *
         * @param reverting whether the scripts are down scripts (a rollback)
         */
        List<MigrateResult.Applied> apply(List<PreparedMigration> todo, Evaluation evaluation, boolean reverting) {
            List<MigrateResult.Applied> applied = new ArrayList<>(todo.size());
            int rank = evaluation.nextRank();
            for (PreparedMigration m : todo) {
                try {
                    applied.add(executor.run(session, m, rank++, reverting ? PriorAttempt.NONE : evaluation.priorOf(m.migration())));
                } catch (MigrationException e) {
                    throw applied.isEmpty() ? e : e.completedBefore(applied, reverting, executor.notices());
                }
            }
            return applied;
        }

        /** What the steps' code run so far asked to tell the caller. */
        List<String> notices() {
            return executor.notices();
        }

        /** Runs a module's code on the session, recording nothing: see {@link ExclusiveOperation}. */
        void alone(String task, StepRunner.Body body) {
            executor.runAlone(session, task, body);
        }

        @Override
        @SuppressWarnings("try") // closes the session after the bookkeeping, even when that fails
        public void close() {
            try (MigrationSession s = session) {
                bookkeeping.close();
            }
        }
    }

    /** The configured Java callbacks, then the SQL callback files of the locations (checked before anything runs). */
    List<Callback> callbacks(SourceSet found, int serverMajor) {
        if (found.callbacks().isEmpty()) {
            return config.hooks().callbacks();
        }
        List<Callback> all = new ArrayList<>(config.hooks().callbacks());
        all.add(new SqlCallbacks(found.callbacks(), preparer, serverMajor));
        return all;
    }

    /** A description of the database for messages, without the password. */
    String describe() {
        return connections.describe();
    }

    static void requireValid(List<ValidationProblem> problems) {
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    static int serverMajor(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseMajorVersion();
    }

    /** Releases the pool when the migrator was built from a URL. */
    @Override
    public void close() {
        connections.close();
    }
}
