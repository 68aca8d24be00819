package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.StatementKind;

/** ADD COLUMN ... NOT NULL without a DEFAULT fails on a table that has rows. */
public final class NotNullWithoutDefault extends Rule {
    public NotNullWithoutDefault() {
        super("not-null-without-default", Severity.HIGH,
                "A new NOT NULL column without a DEFAULT has no value for the existing rows: on any table with rows the"
                        + " statement fails (and until then the application cannot insert without the column).",
                "Add the column with a constant DEFAULT (instant on PostgreSQL 11+), or add it nullable, backfill in"
                        + " batches and then set NOT NULL the safe way.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() != StatementKind.ALTER_TABLE || state.isNew(s.relation())) {
            return;
        }
        for (AlterAction a : s.actions()) {
            if (a.type() == AlterAction.Type.ADD_COLUMN && a.notNull() && !a.hasDefault()) {
                report.finding(this, s, "Column " + a.column() + " is added to " + s.relation()
                        + " as NOT NULL without a DEFAULT: it fails if the table has any row.");
            }
        }
    }
}
