package dev.migrate.analysis;

import dev.migrate.Severity;
import java.util.List;

/**
 * The scores of one migration, or of a whole plan, each explained by the findings and statements
 * behind it ({@link #reasons()}).
 *
 * @param scope              the migration script, or {@code "plan"}
 * @param complexity         0-10: statements, tables touched, rewrites, steps outside a transaction
 * @param performanceImpact  how long the application may wait or slow down: rewrites and scans under
 *                           blocking locks, scaled by table size when known (a 10-row table is no risk)
 * @param dataIntegrityRisk  data that can be lost or changed for good: drops, truncation, unbounded
 *                           updates and deletes, conversions with USING
 * @param rollbackComplexity how hard undoing it is: lossy changes need a backup; otherwise whether a
 *                           down script exists
 * @param riskLevel          the overall level: the most severe finding, lowered for lock-only
 *                           findings on tables known to be small
 * @param breakingChanges    changes running application code can fail on (renames, drops, new
 *                           mandatory columns, type changes)
 * @param affectedTables     existing tables it locks, in order of first use
 * @param estimatedDuration  a rough time for its rewrites, scans and index builds from table sizes;
 *                           {@code "unknown"} without a connection when any is needed
 * @param recommendations    the safe alternatives of its findings, without repeats
 * @param reasons            one line per score that is not NONE, naming the statements behind it
 */
public record RiskScore(String scope, int complexity, Impact performanceImpact, Impact dataIntegrityRisk,
                        Impact rollbackComplexity, Severity riskLevel, List<String> breakingChanges, List<String> affectedTables,
                        String estimatedDuration, List<String> recommendations, List<String> reasons) {
    public RiskScore {
        breakingChanges = List.copyOf(breakingChanges);
        affectedTables = List.copyOf(affectedTables);
        recommendations = List.copyOf(recommendations);
        reasons = List.copyOf(reasons);
    }
}
