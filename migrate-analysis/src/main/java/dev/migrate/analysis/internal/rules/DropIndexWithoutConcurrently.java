package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.StatementFacts.Option;
import dev.migrate.analysis.StatementKind;

/** DROP INDEX without CONCURRENTLY: ACCESS EXCLUSIVE on the table, queued behind every running query. */
public final class DropIndexWithoutConcurrently extends Rule {
    public DropIndexWithoutConcurrently() {
        super("drop-index-without-concurrently", Severity.MEDIUM,
                "DROP INDEX takes ACCESS EXCLUSIVE on the index's table: it waits for every running query on it, and every"
                        + " new query, reads included, queues behind it.",
                "Use DROP INDEX CONCURRENTLY (outside a transaction; migrate runs such a migration without one).");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() == StatementKind.DROP_INDEX && !s.has(Option.CONCURRENTLY) && !state.isNewIndex(s.relation())) {
            report.finding(this, s, "DROP INDEX " + s.relation() + " without CONCURRENTLY takes ACCESS EXCLUSIVE on its table.");
        }
    }
}
