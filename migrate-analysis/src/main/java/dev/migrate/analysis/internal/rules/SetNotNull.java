package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.StatementKind;

/** SET NOT NULL scans the whole table under ACCESS EXCLUSIVE, unless a validated CHECK proves it (PG 12+). */
public final class SetNotNull extends Rule {
    public SetNotNull() {
        super("set-not-null", Severity.HIGH,
                "ALTER COLUMN ... SET NOT NULL reads every row to check for nulls while holding ACCESS EXCLUSIVE: the"
                        + " table is unreadable for the whole scan.",
                "On PostgreSQL 12+: ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c (in a later"
                        + " transaction); then SET NOT NULL skips the scan; then drop the check.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() != StatementKind.ALTER_TABLE || state.isNew(s.relation())) {
            return;
        }
        for (AlterAction a : s.actions()) {
            if (a.type() == AlterAction.Type.SET_NOT_NULL
                    && !(state.serverMajor() >= 12 && state.hasValidatedNotNullCheck(s.relation(), a.column()))) {
                String fix = state.serverMajor() >= 12 ? fix()
                        : "Before PostgreSQL 12 SET NOT NULL always scans: run it when the table is quiet, or keep a validated"
                        + " CHECK (col IS NOT NULL) constraint instead of NOT NULL.";
                report.finding(this, s, "SET NOT NULL on " + s.relation() + "." + a.column()
                        + " scans the table under ACCESS EXCLUSIVE.", fix);
            }
        }
    }
}
