package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.StatementKind;

/** REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks reads of the view. */
public final class RefreshWithoutConcurrently extends Rule {
    public RefreshWithoutConcurrently() {
        super("refresh-without-concurrently", Severity.MEDIUM,
                "A plain REFRESH takes ACCESS EXCLUSIVE on the materialized view: queries on it wait for the whole"
                        + " refresh.",
                "REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index on the view) lets reads go on.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() == StatementKind.REFRESH_MATERIALIZED_VIEW && !s.has(StatementFacts.Option.CONCURRENTLY)
                && !state.isNew(s.relation())) {
            report.finding(this, s, "REFRESH of " + s.relation() + " without CONCURRENTLY blocks reads of it.");
        }
    }
}
