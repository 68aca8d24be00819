package dev.migrate.internal.exec;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.MigrationException;
import dev.migrate.MigratorConfig;
import dev.migrate.Plan;
import dev.migrate.TransactionMode;
import dev.migrate.ValidationProblem;
import dev.migrate.internal.source.ResolvedMigration;
import dev.migrate.internal.sql.Directive;
import dev.migrate.internal.sql.Placeholders;
import dev.migrate.internal.sql.SqlSplitter;
import dev.migrate.internal.sql.SqlStatement;
import dev.migrate.internal.sql.StatementKinds;
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a migration's script into what runs, with the first runner that runs it: SQL files with
 * {@link SqlRunner} directly; any other runner's {@link StepRunner.Step} is read back into the
 * engine's own form, its statements lexed as a SQL file's are. Touches no database.
 */
public final class ScriptPreparer {
    private final SqlRunner sql;
    private final List<StepRunner> runners;
    private final MigratorConfig config;

    /**
     * @param sql     core's SQL runner, which {@code runners} holds too
     * @param runners every runner, in the order they are asked
     * @param config  what other runners are given, or null where none but core's run (the tests of scripts)
     */
    public ScriptPreparer(SqlRunner sql, List<StepRunner> runners, MigratorConfig config) {
        this.sql = sql;
        this.runners = List.copyOf(runners);
        this.config = config;
    }

    /** Core's runners only, for SQL files and Java migrations. */
    public ScriptPreparer(Placeholders placeholders) {
        this.sql = new SqlRunner(placeholders);
        this.runners = List.of(sql, new JavaRunner());
        this.config = null;
    }

    /**
     * Prepares a migration's up script.
     *
     * @param serverMajor the server's major version, or 0 when unknown
     * @throws InvalidMigrationException naming the script and line of the first problem
     */
    public PreparedMigration prepare(ResolvedMigration migration, int serverMajor) {
        return prepare(migration, false, serverMajor);
    }

    /**
     * Prepares the migration's down script, for a rollback.
     *
     * @throws IllegalArgumentException when it has none: check {@link ResolvedMigration#down()} first
     */
    public PreparedMigration prepareDown(ResolvedMigration migration, int serverMajor) {
        if (migration.down() == null) {
            throw new IllegalArgumentException(migration.script() + " has no down script");
        }
        return prepare(migration, true, serverMajor);
    }

    private PreparedMigration prepare(ResolvedMigration migration, boolean down, int serverMajor) {
        Script script = down ? migration.down() : migration.up();
        StepRunner runner = runnerOf(script);
        if (runner == sql) {
            return sql.prepare(migration, down, serverMajor);
        }
        StepRunner.Step step;
        try {
            step = runner.prepare(script, new StepRunner.Context(config, serverMajor, migration.noTransaction(), sql));
        } catch (MigrationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MigrationException(ErrorCode.STEP_RUNNER_FAILED, "Step runner " + runner.getClass().getName()
                    + " failed while preparing " + script.path() + ": " + e + ". Nothing was run.", e);
        }
        if (step == null) {
            throw new MigrationException(ErrorCode.STEP_RUNNER_FAILED, "Step runner " + runner.getClass().getName() + " prepared "
                    + script.path() + " as null instead of a step. Nothing was run.");
        }
        if (step.isAsSql()) {
            return sql.prepare(migration, down, serverMajor);
        }
        if (step.body() == null && step.statements().isEmpty()) {
            // Recorded as applied, it would have done nothing: a runner that copied Step.asSql(), say.
            throw new MigrationException(ErrorCode.STEP_RUNNER_FAILED, "Step runner " + runner.getClass().getName() + " prepared "
                    + script.path() + " as a step with neither statements nor code. Nothing was run.");
        }
        List<SqlStatement> statements = new ArrayList<>(step.statements().size());
        List<String> excerpts = new ArrayList<>(step.statements().size());
        boolean setsSettings = step.body() != null;
        for (Plan.Statement s : step.statements()) {
            for (SqlStatement lexed : SqlSplitter.split(script.path(), s.sql()).statements()) {
                SqlStatement statement = new SqlStatement(s.line() + lexed.line() - 1, lexed.sql(), lexed.words());
                statements.add(statement);
                excerpts.add(statement.excerpt());
                setsSettings |= StatementKinds.maySetSettings(statement);
            }
        }
        if (step.body() == null) {
            // Statements are run like a SQL file's, so they are checked like one.
            SqlRunner.checkTransactionBlocks(script.path(), statements, serverMajor);
        }
        if (step.body() == null && step.mode() == TransactionMode.TRANSACTIONAL) {
            for (SqlStatement s : statements) {
                if (StatementKinds.isTransactionControl(s)) {
                    throw new InvalidMigrationException(new ValidationProblem(ErrorCode.TRANSACTION_CONTROL, script.path(), s.line(),
                            "'" + s.excerpt() + "' would end or start a transaction in the middle of the migration's own"
                                    + " transaction.", "Have the step runner make the step NON_TRANSACTIONAL, or leave it out."));
                }
                String outside = StatementKinds.nonTransactionalReason(s, serverMajor);
                if (outside != null) {
                    throw new InvalidMigrationException(new ValidationProblem(ErrorCode.TRANSACTION_CONTROL, script.path(), s.line(),
                            "'" + s.excerpt() + "' cannot run in the step's transaction: PostgreSQL runs " + outside
                                    + " only outside a transaction block.",
                            "Have the step runner make the step NON_TRANSACTIONAL."));
                }
            }
        }
        List<Directive> directives = step.directives().stream().map(d -> new Directive(d.line(), d.name(), d.arguments())).toList();
        return new PreparedMigration(migration, down, statements, excerpts, step.mode(), step.modeReason(), directives, setsSettings,
                step.body());
    }

    /** Prepares a script as SQL whatever its name: a seed script. */
    public PreparedMigration prepareSql(ResolvedMigration migration, int serverMajor) {
        return sql.prepare(migration, false, serverMajor);
    }

    private StepRunner runnerOf(Script script) {
        for (StepRunner runner : runners) {
            if (runner.runs(script)) {
                return runner;
            }
        }
        throw new InvalidMigrationException(new ValidationProblem(ErrorCode.INVALID_NAME, script.path(), 0,
                "No step runner runs this script.", "Name SQL scripts *.sql, or add the module whose step runner runs it."));
    }
}
