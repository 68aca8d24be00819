package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.AlterAction.ConstraintKind;
import dev.migrate.analysis.StatementKind;

/** PRIMARY KEY, UNIQUE or EXCLUDE added in place builds an index under ACCESS EXCLUSIVE. */
public final class ConstraintBuildsIndex extends Rule {
    public ConstraintBuildsIndex() {
        super("constraint-builds-index", Severity.HIGH,
                "Adding a PRIMARY KEY, UNIQUE or EXCLUDE constraint to an existing table builds its index while holding"
                        + " ACCESS EXCLUSIVE: no query can read or write the table until the build ends.",
                "CREATE UNIQUE INDEX CONCURRENTLY first, then ALTER TABLE ... ADD CONSTRAINT name UNIQUE USING INDEX"
                        + " (or PRIMARY KEY USING INDEX), which only takes the lock briefly. EXCLUDE has no such form.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() != StatementKind.ALTER_TABLE || state.isNew(s.relation())) {
            return;
        }
        for (AlterAction a : s.actions()) {
            boolean constraint = a.type() == AlterAction.Type.ADD_CONSTRAINT && !a.usingIndex()
                    && (a.constraint() == ConstraintKind.PRIMARY_KEY || a.constraint() == ConstraintKind.UNIQUE
                    || a.constraint() == ConstraintKind.EXCLUDE);
            boolean inlineColumn = a.type() == AlterAction.Type.ADD_COLUMN
                    && (a.constraint() == ConstraintKind.PRIMARY_KEY || a.constraint() == ConstraintKind.UNIQUE);
            if (constraint || inlineColumn) {
                report.finding(this, s, a.constraint() + " on " + s.relation() + " builds its index under ACCESS EXCLUSIVE.");
            }
        }
    }
}
