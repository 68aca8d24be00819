package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.AlterAction.ConstraintKind;
import dev.migrate.analysis.StatementKind;

/** Adding a foreign key or CHECK to an existing table validates every row under lock. */
public final class ConstraintWithoutNotValid extends Rule {
    public ConstraintWithoutNotValid() {
        super("constraint-without-not-valid", Severity.HIGH,
                "Adding a FOREIGN KEY or CHECK constraint checks every existing row while holding the lock (SHARE ROW"
                        + " EXCLUSIVE for a foreign key, on both tables; ACCESS EXCLUSIVE for a check): writes, or all"
                        + " queries, wait for the full scan.",
                "Add it NOT VALID (only new rows are checked, the lock is brief), then VALIDATE CONSTRAINT in a later"
                        + " transaction: validation takes SHARE UPDATE EXCLUSIVE and lets reads and writes run.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        // ALTER DOMAIN ... ADD CONSTRAINT (kind ALTER_TYPE) checks every column of the domain the same way.
        if ((s.kind() != StatementKind.ALTER_TABLE && s.kind() != StatementKind.ALTER_TYPE) || state.isNew(s.relation())) {
            return;
        }
        for (AlterAction a : s.actions()) {
            boolean added = a.type() == AlterAction.Type.ADD_CONSTRAINT && !a.notValid();
            // A column added with REFERENCES or CHECK is validated against every existing row too.
            boolean inline = a.type() == AlterAction.Type.ADD_COLUMN;
            if ((added || inline) && (a.constraint() == ConstraintKind.FOREIGN_KEY || a.constraint() == ConstraintKind.CHECK)) {
                if (s.kind() == StatementKind.ALTER_TYPE) {
                    report.finding(this, s, "CHECK constraint " + (a.name() == null ? "" : a.name() + " ") + "on domain "
                            + s.relation() + " is added without NOT VALID: every value in every column of the domain is"
                            + " checked while each table using it is locked in SHARE mode (writes wait).",
                            "Add it NOT VALID: new values are checked at once and nothing is scanned. VALIDATE CONSTRAINT on a"
                                    + " domain scans under the same SHARE locks, so run it when writes can wait, or check"
                                    + " the existing values with a query first.");
                    continue;
                }
                report.finding(this, s, (a.constraint() == ConstraintKind.FOREIGN_KEY ? "Foreign key " : "CHECK constraint ")
                        + (a.name() == null ? "" : a.name() + " ") + "on " + s.relation()
                        + " is added without NOT VALID: every existing row is checked under lock.");
            }
        }
    }
}
