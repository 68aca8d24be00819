package dev.migrate.analysis;

import dev.migrate.Finding;
import dev.migrate.Severity;
import java.util.List;

/**
 * The result of analysing migrations: what each statement does and what the rules found.
 *
 * @param serverMajor the PostgreSQL major version the analysis assumed
 * @param statements  every statement's facts, in plan order
 * @param findings    what the rules found, in plan order
 * @param suppressed  findings a {@code -- migrate:allow <rule> reason="..."} comment allowed
 * @param problems    malformed or unknown {@code -- migrate:allow} comments, with script and line
 */
public record AnalysisReport(int serverMajor, List<StatementFacts> statements, List<Finding> findings, List<Finding> suppressed,
                             List<String> problems) {
    public AnalysisReport {
        statements = List.copyOf(statements);
        findings = List.copyOf(findings);
        suppressed = List.copyOf(suppressed);
        problems = List.copyOf(problems);
    }

    /** The findings more severe than {@code severity}. */
    public List<Finding> findingsAbove(Severity severity) {
        return findings.stream().filter(f -> f.severity().isAbove(severity)).toList();
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
        for (String p : problems) {
            out.append("\nPROBLEM  ").append(p).append('\n');
        }
        out.append("\nLocks:\n");
        for (StatementFacts s : statements) {
            if (s.relation() != null && s.lock() != LockLevel.NONE) {
                out.append(String.format("  %s:%d  %-24s %-22s %s%s%n", s.script(), s.line(), s.lock().mode(), s.relation(),
                        s.rewrites() ? "rewrites " : s.scans() ? "scans " : "", s.excerpt()));
            }
        }
        return out.toString();
    }
}
