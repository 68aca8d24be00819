package dev.migrate.internal.engine;

import dev.migrate.Finding;
import dev.migrate.MigrationKind;
import dev.migrate.MigratorConfig;
import dev.migrate.Plan;
import dev.migrate.RiskRefusedException;
import dev.migrate.TransactionMode;
import dev.migrate.internal.exec.PreparedMigration;
import dev.migrate.internal.exec.SqlRunner;
import dev.migrate.internal.source.ResolvedMigration;
import dev.migrate.internal.sql.Directive;
import dev.migrate.internal.sql.SqlScript;
import dev.migrate.internal.sql.SqlSplitter;
import dev.migrate.internal.sql.SqlStatement;
import dev.migrate.spi.PlanChecker;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Plans as checkers see them (steps from prepared migrations, or from a script read on its own),
 * and what the engine does with the checkers: their findings for
 * {@code plan()}, and the risk gate of {@code migrate()}. The checkers are those on the class path,
 * then those configured; looked up per call, so a {@code migrate()} with nothing pending never
 * loads one.
 */
final class PlanChecks {
    private final MigratorConfig config;

    PlanChecks(MigratorConfig config) {
        this.config = config;
    }

    /** A prepared migration as a plan step: its statements after placeholders, directives and down script. */
    static Plan.Step step(ResolvedMigration m, PreparedMigration p) {
        return new Plan.Step(m.kind(), m.version(), m.description(), m.script(), p.mode(), p.modeReason(), statements(p.statements()),
                directives(p.directives()), m.down() == null ? null : m.down().path());
    }

    /** A script read on its own, outside any plan: see {@code MigrationEngine.Factory.read}. */
    static Plan.Step read(String script, String sql, int serverMajor) {
        SqlScript parsed = SqlSplitter.split(script, sql);
        String reason = SqlRunner.runWithoutTransactionBecause(parsed, null, serverMajor);
        return new Plan.Step(MigrationKind.VERSIONED, null, script, script,
                reason == null ? TransactionMode.TRANSACTIONAL : TransactionMode.NON_TRANSACTIONAL, reason,
                statements(parsed.statements()), directives(parsed.directives()));
    }

    static List<Plan.Statement> statements(List<SqlStatement> statements) {
        return statements.stream().map(s -> new Plan.Statement(s.line(), s.sql())).toList();
    }

    static List<Plan.Directive> directives(List<Directive> directives) {
        return directives.stream().map(d -> new Plan.Directive(d.line(), d.name(), d.arguments())).toList();
    }

    /** Every checker's findings on {@code plan}, in checker order. */
    List<Finding> findings(Plan plan, Connection c, int serverMajor) {
        return findings(plan, c, serverMajor, true);
    }

    /** Every checker's findings, the guards' too when {@code withGuards}. */
    private List<Finding> findings(Plan plan, Connection c, int serverMajor, boolean withGuards) {
        PlanChecker.Context context = new PlanChecker.Context(c, serverMajor, config.schema(), config);
        List<Finding> findings = new ArrayList<>();
        for (PlanChecker checker : checkers()) {
            if (withGuards || !checker.guards()) {
                findings.addAll(checker.check(plan, context));
            }
        }
        return findings;
    }

    /**
     * The risk gate of {@code migrate()}: refuses the pending migrations when a finding is above the
     * policy. Runs before the lock is taken and the history table created, so nothing has changed.
     *
     * @throws RiskRefusedException listing the findings above {@code refuseFindingsAbove}
     */
    void gate(Connection c, int serverMajor, List<ResolvedMigration> pending, Map<String, PreparedMigration> prepared) {
        List<Plan.Step> steps = new ArrayList<>();
        for (ResolvedMigration m : pending) {
            steps.add(step(m, prepared.get(m.script())));
        }
        // Guards run under the lock, just before the migrations (guard): their findings are not the policy's to weigh.
        List<Finding> above = findings(new Plan(steps), c, serverMajor, false).stream()
                .filter(f -> f.severity().isAbove(config.refuseAbove())).toList();
        if (!above.isEmpty()) {
            throw new RiskRefusedException(config.refuseAbove(), above);
        }
    }

    /**
     * The guards of {@code migrate()} ({@link PlanChecker#guards()}), run under the migration lock on
     * the migrations about to run: any finding refuses the run before anything changes.
     *
     * @throws RiskRefusedException listing what the guards found
     */
    void guard(Connection c, int serverMajor, List<PreparedMigration> todo) {
        List<PlanChecker> guards = new ArrayList<>();
        for (PlanChecker checker : checkers()) {
            if (checker.guards()) {
                guards.add(checker);
            }
        }
        if (guards.isEmpty() || todo.isEmpty()) {
            return;
        }
        List<Plan.Step> steps = new ArrayList<>();
        for (PreparedMigration p : todo) {
            steps.add(step(p.migration(), p));
        }
        Plan plan = new Plan(steps);
        PlanChecker.Context context = new PlanChecker.Context(c, serverMajor, config.schema(), config);
        List<Finding> found = new ArrayList<>();
        for (PlanChecker guard : guards) {
            found.addAll(guard.check(plan, context));
        }
        if (!found.isEmpty()) {
            throw new RiskRefusedException(found);
        }
    }

    private List<PlanChecker> checkers() {
        List<PlanChecker> found = new ArrayList<>();
        ServiceLoader.load(PlanChecker.class, config.classLoader()).forEach(found::add);
        found.addAll(config.hooks().checkers());
        return found;
    }
}
