package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;

/** DETACH PARTITION without CONCURRENTLY takes ACCESS EXCLUSIVE on the parent (PG 14+ has the concurrent form). */
public final class DetachPartitionWithoutConcurrently extends Rule {
    public DetachPartitionWithoutConcurrently() {
        super("detach-partition-without-concurrently", Severity.HIGH, 14, Integer.MAX_VALUE,
                "ALTER TABLE ... DETACH PARTITION takes ACCESS EXCLUSIVE on the partitioned table: all queries on every"
                        + " partition wait.",
                "Use DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+), outside a transaction.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        for (AlterAction a : s.actions()) {
            if (a.type() == AlterAction.Type.DETACH_PARTITION) {
                report.finding(this, s, "DETACH PARTITION " + a.name() + " from " + s.relation()
                        + " without CONCURRENTLY locks the whole partitioned table.");
            }
        }
    }
}
