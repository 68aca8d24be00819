package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.StatementKind;

/** A stored generated, identity or serial column added to an existing table rewrites it. */
public final class ColumnFillsRows extends Rule {
    public ColumnFillsRows() {
        super("column-fills-existing-rows", Severity.HIGH,
                "Adding a GENERATED ... STORED column, an identity column or a serial column computes a value for every"
                        + " existing row: the table is rewritten under ACCESS EXCLUSIVE.",
                "Add a plain nullable column, fill it in batches (or with a trigger for new rows), then attach the"
                        + " sequence default or expression; for generated values consider a view or a virtual column"
                        + " (PostgreSQL 18).");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() != StatementKind.ALTER_TABLE || state.isNew(s.relation())) {
            return;
        }
        for (AlterAction a : s.actions()) {
            boolean fills = a.type() == AlterAction.Type.ADD_COLUMN && (a.detail().equals("generated stored")
                    || a.detail().equals("identity") || a.detail().equals("serial"));
            // ALTER COLUMN ... ADD GENERATED AS IDENTITY only changes the catalog (the column keeps its values).
            if (fills || a.type() == AlterAction.Type.SET_EXPRESSION) {
                report.finding(this, s, "Column " + a.column() + " (" + (fills ? a.detail() : a.type()) + ") on " + s.relation()
                        + " makes PostgreSQL compute a value for every row under ACCESS EXCLUSIVE.");
            }
        }
    }
}
