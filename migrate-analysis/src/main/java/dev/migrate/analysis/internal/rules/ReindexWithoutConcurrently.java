package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.StatementFacts.Option;
import dev.migrate.analysis.StatementKind;

/** REINDEX without CONCURRENTLY blocks writes (PG 12+ has the concurrent form). */
public final class ReindexWithoutConcurrently extends Rule {
    public ReindexWithoutConcurrently() {
        super("reindex-without-concurrently", Severity.HIGH, 12, Integer.MAX_VALUE,
                "REINDEX locks out writes to the table for the whole rebuild (REINDEX INDEX also blocks reads that would use"
                        + " the index).",
                "Use REINDEX ... CONCURRENTLY (PostgreSQL 12+), outside a transaction.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() == StatementKind.REINDEX && !s.has(Option.CONCURRENTLY)) {
            report.finding(this, s, "REINDEX of " + s.relation() + " without CONCURRENTLY blocks writes while it rebuilds.");
        }
    }
}
