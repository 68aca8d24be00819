package dev.migrate.analysis;

import dev.migrate.DatabaseException;
import dev.migrate.Finding;
import dev.migrate.Plan;
import dev.migrate.Severity;
import dev.migrate.spi.PlanChecker;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * migrate-analysis as a {@link PlanChecker}: found by {@code Migrator.plan()} through
 * {@link java.util.ServiceLoader} when this module is on the class path, it analyses the pending
 * migrations with the server's version, table sizes and indexes. When the catalog cannot be read,
 * the analysis goes on without it (every existing table may then be large), says so in a
 * {@code catalog-unavailable} finding of severity {@link Severity#INFO}, and logs a warning.
 */
public final class AnalysisChecker implements PlanChecker {
    /** The rule id of the finding that says the analysis ran without catalog facts. */
    public static final String CATALOG_UNAVAILABLE = "catalog-unavailable";

    private static final Logger LOG = LoggerFactory.getLogger(AnalysisChecker.class);

    /** For {@link java.util.ServiceLoader}, or to add it explicitly with {@code MigratorBuilder.checker(...)}. */
    public AnalysisChecker() {
        // Stateless: each check reads the server version and catalog from its context.
    }

    @Override
    public List<Finding> check(Plan plan, Context context) {
        Analyzer analyzer = Analyzer.forServer(context.serverMajorVersion());
        List<Finding> findings = new ArrayList<>();
        try {
            analyzer = analyzer.withCatalog(context.connection(), context.schema());
        } catch (DatabaseException e) {
            LOG.warn("Risk analysis runs without table sizes and indexes: {}", e.getMessage());
            String script = plan.migrations().isEmpty() ? "(plan)" : plan.migrations().get(0).script();
            findings.add(new Finding(CATALOG_UNAVAILABLE, Severity.INFO, script, 0,
                    "The analysis could not read table sizes and indexes, so it treats every existing table as possibly large: "
                            + e.getMessage(), "Grant the migrating role read access to the catalog, or check the connection."));
        }
        AnalysisReport report = analyzer.analyze(plan);
        findings.addAll(report.findings());
        // A malformed or unknown -- migrate:allow must not go unnoticed: it is a finding of its own.
        findings.addAll(report.problems());
        return findings;
    }
}
