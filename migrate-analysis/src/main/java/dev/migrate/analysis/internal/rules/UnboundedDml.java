package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.StatementKind;

/** UPDATE or DELETE of every row of an existing table in one statement. */
public final class UnboundedDml extends Rule {
    public UnboundedDml() {
        super("unbounded-dml", Severity.MEDIUM,
                "An UPDATE or DELETE without WHERE touches every row in one transaction: it locks them all against"
                        + " concurrent writers, bloats the table and WAL, and cannot be stopped part-way.",
                "Process the rows in batches (WHERE id BETWEEN ... or ctid ranges), each in its own transaction.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if ((s.kind() == StatementKind.UPDATE || s.kind() == StatementKind.DELETE) && s.has(StatementFacts.Option.NO_WHERE)
                && !state.isNew(s.relation())) {
            report.finding(this, s, s.kind() + " of every row of " + s.relation() + " in one statement.");
        }
    }
}
