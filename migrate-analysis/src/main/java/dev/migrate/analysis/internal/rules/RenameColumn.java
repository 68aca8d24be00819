package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.StatementKind;

/** Renaming a column breaks application code that still uses the old name. */
public final class RenameColumn extends Rule {
    public RenameColumn() {
        super("rename-column", Severity.HIGH,
                "Running application instances keep using the old name until they are all redeployed: their queries"
                        + " fail from the moment the rename commits.",
                "Expand and contract: add the new column (or a view under the new name), have the application use both,"
                        + " and remove the old name in a later release.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() != StatementKind.ALTER_TABLE || state.isNew(s.relation())) {
            return;
        }
        for (AlterAction a : s.actions()) {
            if (a.type() == AlterAction.Type.RENAME_COLUMN) {
                report.finding(this, s, "Column " + s.relation() + "." + a.column() + " is renamed to " + a.name()
                        + ": running application code that uses the old name fails.");
            }
        }
    }
}
