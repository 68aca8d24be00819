package dev.migrate.analysis;

import dev.migrate.Finding;
import dev.migrate.Plan;
import dev.migrate.spi.PlanChecker;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * migrate-analysis as a {@link PlanChecker}: found by {@code Migrator.plan()} through
 * {@link java.util.ServiceLoader} when this module is on the class path, it analyses the pending
 * migrations with the server's version, table sizes and indexes.
 */
public final class AnalysisChecker implements PlanChecker {
    /** For {@link java.util.ServiceLoader}, or to add it explicitly with {@code MigratorBuilder.checker(...)}. */
    public AnalysisChecker() {
        // Stateless: each check reads the server version and catalog from its context.
    }

    @Override
    public List<Finding> check(Plan plan, Context context) {
        Analyzer analyzer = Analyzer.forServer(context.serverMajorVersion());
        try {
            analyzer = analyzer.withCatalog(context.connection(), context.schema());
        } catch (SQLException e) {
            // Catalog facts refine findings; without them every existing table counts as possibly large.
        }
        AnalysisReport report = analyzer.analyze(plan);
        if (report.problems().isEmpty()) {
            return report.findings();
        }
        // A malformed or unknown -- migrate:allow must not go unnoticed: it is a finding of its own.
        List<Finding> findings = new ArrayList<>(report.findings());
        findings.addAll(report.problems());
        return findings;
    }
}
