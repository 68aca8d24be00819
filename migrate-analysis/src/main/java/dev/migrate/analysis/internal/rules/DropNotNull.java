package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.StatementKind;

/** Dropping NOT NULL lets nulls reach code that assumes there are none. */
public final class DropNotNull extends Rule {
    public DropNotNull() {
        super("drop-not-null", Severity.MEDIUM,
                "Once nulls can be written, readers that assume a value (application code, reports, other services)"
                        + " break on the first one; putting NOT NULL back later needs a full scan.",
                "Make sure every reader handles null before the change ships; keep the constraint if they do not need it"
                        + " dropped.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() != StatementKind.ALTER_TABLE || state.isNew(s.relation())) {
            return;
        }
        for (AlterAction a : s.actions()) {
            if (a.type() == AlterAction.Type.DROP_NOT_NULL) {
                report.finding(this, s, "NOT NULL is dropped from " + s.relation() + "." + a.column() + ".");
            }
        }
    }
}
