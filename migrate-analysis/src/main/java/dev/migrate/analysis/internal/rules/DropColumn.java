package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.StatementKind;

/** Dropping a column loses its data and breaks code that reads it. */
public final class DropColumn extends Rule {
    public DropColumn() {
        super("drop-column", Severity.HIGH,
                "The column's data is gone for good, and application instances still selecting or inserting it fail"
                        + " (including ORMs that list every column).",
                "First release the application without any use of the column, then drop it in a later migration; keep"
                        + " a backup of the data if it may be needed.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() != StatementKind.ALTER_TABLE || state.isNew(s.relation())) {
            return;
        }
        for (AlterAction a : s.actions()) {
            if (a.type() == AlterAction.Type.DROP_COLUMN) {
                report.finding(this, s, "Column " + s.relation() + "." + a.column() + " is dropped with its data.");
            }
        }
    }
}
