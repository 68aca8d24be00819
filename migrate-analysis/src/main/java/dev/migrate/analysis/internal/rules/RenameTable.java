package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.StatementKind;

/** Renaming a table breaks application code that still uses the old name. */
public final class RenameTable extends Rule {
    public RenameTable() {
        super("rename-table", Severity.HIGH,
                "Running application instances keep using the old name until they are all redeployed: their queries"
                        + " fail from the moment the rename commits.",
                "Expand and contract: add the new table (or a view under the new name), have the application use both,"
                        + " and remove the old name in a later release.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() != StatementKind.ALTER_TABLE || state.isNew(s.relation())) {
            return;
        }
        for (AlterAction a : s.actions()) {
            if (a.type() == AlterAction.Type.RENAME_TABLE) {
                report.finding(this, s, "Table " + s.relation() + " is renamed to " + a.name()
                        + ": running application code that uses the old name fails.");
            }
        }
    }
}
