package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.StatementKind;

/** ADD COLUMN with a volatile DEFAULT (or any default before PG 11) rewrites the table. */
public final class VolatileDefault extends Rule {
    public VolatileDefault() {
        super("volatile-default", Severity.HIGH,
                "A default that differs per row (random(), gen_random_uuid(), clock_timestamp(), nextval()) is computed"
                        + " for every existing row, rewriting the table under ACCESS EXCLUSIVE. Before PostgreSQL 11 every"
                        + " non-null default does that; since 11 a constant or now() is stored once and costs nothing.",
                "Add the column without a default (or with a constant one), set the default for new rows in a second"
                        + " statement, and backfill existing rows in batches.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() != StatementKind.ALTER_TABLE || state.isNew(s.relation())) {
            return;
        }
        for (AlterAction a : s.actions()) {
            if (a.type() == AlterAction.Type.ADD_COLUMN && a.hasDefault() && a.rewrites()
                    && !a.detail().equals("generated stored") && !a.detail().equals("identity") && !a.detail().equals("serial")) {
                report.finding(this, s, "Column " + a.column() + " DEFAULT " + a.detail() + " rewrites " + s.relation()
                        + (state.serverMajor() < 11 ? " (before PostgreSQL 11, every default does)" : "") + ".");
            }
        }
    }
}
