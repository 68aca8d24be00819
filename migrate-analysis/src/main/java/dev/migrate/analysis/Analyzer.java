package dev.migrate.analysis;

import dev.migrate.ConfigurationException;
import dev.migrate.Migrator;
import dev.migrate.Plan;
import dev.migrate.analysis.internal.Analysis;
import dev.migrate.analysis.internal.CatalogFacts;
import dev.migrate.analysis.internal.DatabaseFailures;
import dev.migrate.analysis.internal.Scoring;
import dev.migrate.analysis.internal.rules.Rules;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Analyses migrations for lock and risk problems, statement by statement, with the PostgreSQL
 * version's rules. Immutable and thread-safe.
 *
 * <pre>{@code
 * AnalysisReport report = Analyzer.forServer(17).analyzeScript("V3__add_index.sql", sql);
 * report.findings().forEach(System.out::println);
 * }</pre>
 *
 * <p>Inside {@code Migrator.plan()} the {@link AnalysisChecker} does this on the pending
 * migrations, with the live database's table sizes and indexes.
 */
public final class Analyzer {
    private final int serverMajor;
    private final boolean lockSafeExecutor;
    private final CatalogFacts catalog;

    private Analyzer(int serverMajor, boolean lockSafeExecutor, CatalogFacts catalog) {
        this.serverMajor = serverMajor;
        this.lockSafeExecutor = lockSafeExecutor;
        this.catalog = catalog;
    }

    /**
     * An analyzer for this PostgreSQL major version (e.g. 17), assuming migrate's executor runs the scripts.
     *
     * @throws ConfigurationException when {@code serverMajor} is not a PostgreSQL major version
     */
    public static Analyzer forServer(int serverMajor) {
        if (serverMajor < 9 || serverMajor > 99) {
            throw new ConfigurationException("PostgreSQL major version expected, such as 17; got " + serverMajor);
        }
        return new Analyzer(serverMajor, true, CatalogFacts.NONE);
    }

    /**
     * Whether the scripts run under migrate's executor, which sets {@code lock_timeout} and retries
     * lock timeouts itself (the default). Say false for scripts another tool runs: then a missing
     * {@code SET lock_timeout} is a finding.
     */
    public Analyzer underLockSafeExecutor(boolean lockSafe) {
        return new Analyzer(serverMajor, lockSafe, catalog);
    }

    /**
     * Reads existing indexes and table sizes from a live database (read only; the connection stays open).
     *
     * @throws dev.migrate.DatabaseException when the catalog cannot be read
     */
    public Analyzer withCatalog(Connection connection, String schema) {
        try {
            return new Analyzer(serverMajor, lockSafeExecutor, CatalogFacts.read(connection, schema));
        } catch (SQLException e) {
            throw DatabaseFailures.of("Could not read table sizes and indexes for the analysis (schema " + schema + ")", e);
        }
    }

    /** Analyses the steps of a plan in order; state carries from one migration to the next. */
    public AnalysisReport analyze(Plan plan) {
        return analyze(plan.migrations());
    }

    /** Analyses migration steps in order. */
    public AnalysisReport analyze(List<Plan.Step> steps) {
        Analysis.Result r = new Analysis(Rules.all(), serverMajor, lockSafeExecutor, catalog, true).run(steps);
        return new AnalysisReport(serverMajor, r.facts(), r.findings(), r.suppressed(), r.problems(), r.scores(),
                Scoring.plan(r.scores()));
    }

    /** Analyses one SQL script, split by migrate's lexer. */
    public AnalysisReport analyzeScript(String name, String sql) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
        return analyze(List.of(Migrator.readScript(name, sql, serverMajor)));
    }

    /** Analyses scripts in the order given, as one plan: name and text in turn. */
    public AnalysisReport analyzeScripts(List<String> namesAndTexts) {
        List<Plan.Step> steps = new ArrayList<>();
        for (int i = 0; i + 1 < namesAndTexts.size(); i += 2) {
            steps.add(Migrator.readScript(namesAndTexts.get(i), namesAndTexts.get(i + 1), serverMajor));
        }
        return analyze(steps);
    }

    /**
     * Analyses scripts each on its own, as if every earlier one were already applied (tables they
     * create count as existing, possibly large), and gathers the results in one report: how a
     * folder of migrations is checked in review or CI, where each new file will meet a database
     * that has the others. Name and text in turn.
     */
    public AnalysisReport analyzeEach(List<String> namesAndTexts) {
        List<StatementFacts> facts = new ArrayList<>();
        List<dev.migrate.Finding> findings = new ArrayList<>();
        List<dev.migrate.Finding> suppressed = new ArrayList<>();
        List<dev.migrate.Finding> problems = new ArrayList<>();
        List<RiskScore> scores = new ArrayList<>();
        for (int i = 0; i + 1 < namesAndTexts.size(); i += 2) {
            Plan.Step step = Migrator.readScript(namesAndTexts.get(i), namesAndTexts.get(i + 1), serverMajor);
            Analysis.Result r = new Analysis(Rules.all(), serverMajor, lockSafeExecutor, catalog, true).run(List.of(step));
            facts.addAll(r.facts());
            findings.addAll(r.findings());
            suppressed.addAll(r.suppressed());
            problems.addAll(r.problems());
            scores.addAll(r.scores());
        }
        return new AnalysisReport(serverMajor, facts, findings, suppressed, problems, scores, Scoring.plan(scores));
    }

    public int serverMajor() {
        return serverMajor;
    }
}
