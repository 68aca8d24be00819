package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.StatementKind;
import dev.migrate.analysis.internal.TypeChanges;

/** ALTER COLUMN TYPE rewrites the table unless the new type accepts the old bytes as they are. */
public final class ColumnTypeChange extends Rule {
    public ColumnTypeChange() {
        super("column-type-change", Severity.HIGH,
                "Changing a column's type rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE, except for"
                        + " binary-compatible changes: varchar widening, varchar to text, numeric precision increase at the"
                        + " same scale.",
                "Add a new column of the new type, backfill it in batches, switch the application over, then drop the"
                        + " old column (expand and contract).");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() != StatementKind.ALTER_TABLE || state.isNew(s.relation())) {
            return;
        }
        for (AlterAction a : s.actions()) {
            if (a.type() != AlterAction.Type.ALTER_COLUMN_TYPE) {
                continue;
            }
            String from = state.columnType(s.relation(), a.column());
            boolean rewrites = !a.detail().isEmpty() || TypeChanges.rewrites(from, a.dataType());
            if (rewrites) {
                report.finding(this, s, "Column " + s.relation() + "." + a.column() + (from == null ? "" : " from " + from)
                        + " to " + a.dataType() + (a.detail().isEmpty() ? "" : " USING " + a.detail())
                        + " rewrites the table under ACCESS EXCLUSIVE.");
            }
        }
    }
}
