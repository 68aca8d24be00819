package dev.migrate.analysis;

import dev.migrate.Finding;
import dev.migrate.Severity;
import dev.migrate.analysis.internal.ReportJson;
import java.util.List;

/**
 * The result of analysing migrations: what each statement does and what the rules found.
 *
 * @param serverMajor the PostgreSQL major version the analysis assumed
 * @param statements  every statement's facts, in plan order
 * @param findings    what the rules found, in plan order
 * @param suppressed  findings a {@code -- migrate:allow <rule> reason="..."} comment allowed
 * @param problems    malformed or unknown {@code -- migrate:allow} comments, as {@code invalid-allow} findings
 * @param migrations  each migration's scores, in plan order
 * @param plan        the scores of all of them together
 */
public record AnalysisReport(int serverMajor, List<StatementFacts> statements, List<Finding> findings, List<Finding> suppressed,
                             List<Finding> problems, List<RiskScore> migrations, RiskScore plan) {
    public AnalysisReport {
        statements = List.copyOf(statements);
        findings = List.copyOf(findings);
        suppressed = List.copyOf(suppressed);
        problems = List.copyOf(problems);
        migrations = List.copyOf(migrations);
    }

    /** The findings more severe than {@code severity}. */
    public List<Finding> findingsAbove(Severity severity) {
        return findings.stream().filter(f -> f.severity().isAbove(severity)).toList();
    }

    /** The report as JSON: every record above, field by field. */
    public String toJson() {
        return ReportJson.json(this);
    }

    /**
     * The findings as SARIF 2.1.0, for code-scanning tools (GitHub code scanning, GitLab, IDEs):
     * one run, every rule with its rationale and fix, each finding at its script and line;
     * findings allowed by {@code -- migrate:allow} carry an in-source suppression.
     */
    public String toSarif() {
        String version = AnalysisReport.class.getPackage().getImplementationVersion();
        return ReportJson.sarif(findings, suppressed, version == null ? "development" : version);
    }

    /** A report for people: each finding with its place, then a line per statement with its lock. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append("Analysis for PostgreSQL ").append(serverMajor).append(": ").append(statements.size()).append(" statements, ")
                .append(findings.size()).append(" findings").append(suppressed.isEmpty() ? "" : ", " + suppressed.size() + " allowed")
                .append('\n');
        for (Finding f : findings) {
            out.append('\n').append(f.severity()).append("  ").append(f.script()).append(':').append(f.line()).append("  [")
                    .append(f.rule()).append("]\n  ").append(f.message()).append('\n');
            if (!f.fix().isEmpty()) {
                out.append("  Fix: ").append(f.fix()).append('\n');
            }
        }
        for (Finding p : problems) {
            out.append("\nPROBLEM  ").append(p.script()).append(':').append(p.line()).append("  ").append(p.message()).append('\n');
        }
        out.append("\nScores:\n");
        for (RiskScore m : migrations) {
            score(out, m);
        }
        if (migrations.size() > 1) {
            score(out, plan);
        }
        out.append("\nLocks:\n");
        for (StatementFacts s : statements) {
            if (s.relation() != null && s.lock() != LockLevel.NONE) {
                out.append(String.format("  %s:%d  %-24s %-22s %s%s%n", s.script(), s.line(), s.lock().mode(), String.join(", ", s.relations()),
                        s.rewrites() ? "rewrites " : s.scans() ? "scans " : "", s.excerpt()));
            }
        }
        return out.toString();
    }

    private static void score(StringBuilder out, RiskScore s) {
        out.append(String.format("  %s: risk %s, complexity %d/10, performance %s, data integrity %s, rollback %s, duration %s%n",
                s.scope(), s.riskLevel(), s.complexity(), s.performanceImpact(), s.dataIntegrityRisk(), s.rollbackComplexity(),
                s.estimatedDuration()));
        if (!s.affectedTables().isEmpty()) {
            out.append("    tables: ").append(String.join(", ", s.affectedTables())).append('\n');
        }
        for (String b : s.breakingChanges()) {
            out.append("    breaks running code: ").append(b).append('\n');
        }
        for (String r : s.reasons()) {
            out.append("    because ").append(r).append('\n');
        }
    }
}
