package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.LockLevel;
import dev.migrate.analysis.StatementKind;

/** The same table altered by several statements in one migration. */
public final class RepeatedAlterTable extends Rule {
    public RepeatedAlterTable() {
        super("repeated-alter-table", Severity.LOW,
                "Each ALTER TABLE waits for its own ACCESS EXCLUSIVE lock (and may rewrite the table again); one statement"
                        + " with several actions takes the lock once and rewrites at most once.",
                "Combine the actions into one ALTER TABLE, separated by commas.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() == StatementKind.ALTER_TABLE && s.lock() == LockLevel.ACCESS_EXCLUSIVE && !state.isNew(s.relation())
                && state.altersBefore(s.relation()) >= 1
                && state.firstTime("repeated-alter:" + s.relation())) {
            report.finding(this, s, "Table " + s.relation() + " is altered again in this migration.");
        }
    }
}
