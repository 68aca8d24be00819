package dev.migrate.internal.engine;

import dev.migrate.InvalidMigrationException;
import dev.migrate.Plan;
import dev.migrate.Status;
import dev.migrate.ValidationProblem;
import dev.migrate.internal.history.HistoryRow;
import dev.migrate.internal.source.ResolvedMigration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only operations: {@code status()} (sources joined with the history, failed runs checked
 * against the catalog) and {@code plan()} / {@code validate()} (the same, with every pending
 * script prepared and the plan checkers' findings). Take no lock and change nothing.
 */
public final class PlanOperation {
    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.Migrator");

    private final Engine engine;

    public PlanOperation(Engine engine) {
        this.engine = engine;
    }

    public Status status() {
        return engine.connected("reading status from", (c, sources) -> {
            List<HistoryRow> rows = engine.history.read(c).orElse(List.of());
            return engine.reconciled(c, engine.evaluator.evaluate(sources.get(), rows), Engine.serverMajor(c), false).status();
        });
    }

    public Plan plan() {
        return engine.connected("planning", (c, sources) -> {
            List<HistoryRow> rows = engine.history.read(c).orElse(List.of());
            int major = Engine.serverMajor(c);
            Evaluation evaluation = engine.reconciled(c, engine.evaluator.evaluate(sources.get(), rows), major, false);
            List<ValidationProblem> problems = new ArrayList<>(evaluation.status().problems());
            for (ValidationProblem warning : evaluation.status().warnings()) {
                LOG.warn("{}", warning);
            }
            List<Plan.Step> steps = new ArrayList<>();
            for (ResolvedMigration m : evaluation.pending()) {
                try {
                    steps.add(PlanChecks.step(m, engine.preparer.prepare(m, major)));
                } catch (InvalidMigrationException e) {
                    problems.add(e.problem());
                }
            }
            Engine.requireValid(problems);
            return new Plan(steps, engine.checks.findings(new Plan(steps), c, major));
        });
    }

    /** Reads a script on its own, outside any plan: see {@code Migrator.readScript}. */
    public static Plan.Step read(String script, String sql, int serverMajor) {
        return PlanChecks.read(script, sql, serverMajor);
    }
}
