package dev.migrate.spi;

import dev.migrate.ErrorCode;
import dev.migrate.MigrationException;
import dev.migrate.Plan;
import dev.migrate.TransactionMode;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Runs one kind of script: migrate-core's own run SQL files and {@link dev.migrate.JavaMigration}s;
 * a module adds others (expand-contract operation files, say). Register with
 * {@link dev.migrate.MigratorBuilder#stepRunner(StepRunner)}, or list the class in
 * {@code META-INF/services/dev.migrate.spi.StepRunner}. The first runner that {@link #runs} a
 * script runs it: added ones, then those found on the class path, then core's.
 *
 * <p>A runner only prepares: {@link #prepare} checks the script before anything runs and returns
 * a {@link Step}. The engine runs it, and keeps the history row, the retries and the recovery
 * around it: a step of {@link Step#statements(TransactionMode, String, List) statements} is run
 * statement by statement exactly like a SQL file; a step of {@link Step#code code} calls its
 * {@link Body} with a {@link LockSafeSession}.
 *
 * <pre>{@code
 * public final class TouchRunner implements StepRunner {
 *     public boolean runs(Script script) {
 *         return script.path().endsWith(".touch");
 *     }
 *
 *     public Step prepare(Script script, Context context) {
 *         List<String> tables = script.text().lines().filter(l -> !l.isBlank()).toList();
 *         return Step.code(TransactionMode.NON_TRANSACTIONAL, "one table at a time", session -> {
 *             for (int i = session.resumeFrom(); i < tables.size(); i++) {
 *                 session.execute("ALTER TABLE " + tables.get(i) + " ADD COLUMN touched_at timestamptz");
 *                 session.progress(i + 1);
 *             }
 *         });
 *     }
 * }
 * }</pre>
 */
public interface StepRunner {

    /** Whether this runner runs {@code script}: by its file name or its payload. */
    boolean runs(Script script);

    /**
     * Reads and checks {@code script} without touching a database: called for every pending
     * migration before the first one runs, and by {@code plan()}.
     *
     * @throws dev.migrate.InvalidMigrationException naming the script and line of the first problem;
     *                                               the run is refused and nothing changes
     */
    Step prepare(Script script, Context context);

    /**
     * What a script is prepared with.
     *
     * @param settings           the run's settings, with the options of modules ({@link Settings#options(Class)})
     * @param serverMajorVersion the server's PostgreSQL major version, or 0 when it is not known
     * @param noTransaction      whether the migration's layout asks for no transaction (Diesel's {@code metadata.toml})
     * @param sql                core's runner of SQL files, for a runner that reads SQL itself or runs some of its
     *                           scripts as written: {@code context.sql().prepare(script, context)} reads any script's
     *                           text as a SQL file, with the run's placeholders expanded, checked as a SQL file is,
     *                           and its transaction mode decided; a {@code -- migrate:strategy} directive is left to
     *                           the caller
     */
    record Context(Settings settings, int serverMajorVersion, boolean noTransaction, StepRunner sql) {
        public Context {
            Objects.requireNonNull(sql, "sql");
        }
    }

    /**
     * A prepared script: how it runs and what it runs.
     *
     * @param mode       in one transaction with its history row, or without
     * @param modeReason why it runs without a transaction, for the plan; null when it has one
     * @param statements its statements in order, with their lines: run by the engine when there is no
     *                   {@code body}; otherwise shown by {@code plan()} and given to plan checkers
     * @param directives the script's {@code -- migrate:} comments, for checkers
     * @param body       code that runs the step, or null to run {@code statements}
     */
    record Step(TransactionMode mode, String modeReason, List<Plan.Statement> statements, List<Plan.Directive> directives,
                Body body) {
        public Step {
            Objects.requireNonNull(mode, "mode");
            statements = List.copyOf(statements);
            directives = List.copyOf(directives);
        }

        /** A step the engine runs statement by statement, as it runs a SQL file. */
        public static Step statements(TransactionMode mode, String modeReason, List<Plan.Statement> statements) {
            return new Step(mode, modeReason, statements, List.of(), null);
        }

        /** A step of code. */
        public static Step code(TransactionMode mode, String modeReason, Body body) {
            return new Step(mode, modeReason, List.of(), List.of(), Objects.requireNonNull(body, "body"));
        }

        /**
         * The script run exactly as core runs a SQL file, for a runner that finds a script of its own
         * needs nothing special: its text read, checked and split by core, placeholders expanded (and
         * never shown in messages), its transaction mode decided by its statements and directives.
         */
        public static Step asSql() {
            return AS_SQL;
        }

        /** Whether this is {@link #asSql()}. */
        public boolean isAsSql() {
            return this == AS_SQL;
        }

        private static final Step AS_SQL = new Step(TransactionMode.TRANSACTIONAL, null, List.of(), List.of(), null);
    }

    /**
     * A step's code. In a transactional step it runs inside the migration's transaction, which the
     * engine commits with the history row; when a statement times out on a lock or deadlocks, the
     * engine rolls the transaction back and, after a backoff, calls the body again from the start.
     * In a step without a transaction, {@link LockSafeSession#execute} retries each statement by
     * itself, and {@link LockSafeSession#progress} records how far the body got, where a resumed
     * run continues ({@link LockSafeSession#resumeFrom()}).
     */
    @FunctionalInterface
    interface Body {
        void run(LockSafeSession session) throws SQLException;
    }

    /**
     * Thrown by a step's code that refuses to run, before its first {@link LockSafeSession#execute}
     * (it has only read: its checks of the live schema failed). The engine records the attempt as
     * ABORTED, which blocks nothing, rather than as a failed migration that needs resolving, and
     * throws it on to the caller; a fixed script runs on the next {@code migrate()}. Thrown after a
     * statement ran, it is a failure like any other. {@code Migrator.runExclusive} passes it through.
     */
    final class Refused extends MigrationException {
        private static final long serialVersionUID = 1L;

        /** A refusal whose message names the script, what is wrong and what to do. */
        public Refused(String message) {
            super(ErrorCode.STEP_REFUSED, message);
        }
    }
}
