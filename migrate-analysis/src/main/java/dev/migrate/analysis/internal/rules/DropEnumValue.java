package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.StatementKind;
import dev.migrate.analysis.internal.Tokens;

/** An enum re-created without some value (PostgreSQL cannot drop one in place). */
public final class DropEnumValue extends Rule {
    public DropEnumValue() {
        super("drop-enum-value", Severity.HIGH,
                "PostgreSQL has no ALTER TYPE ... DROP VALUE; re-creating the type without a value rewrites every column"
                        + " that uses it (ALTER COLUMN ... TYPE under ACCESS EXCLUSIVE) and fails on rows that still hold"
                        + " the value; running code that writes the value fails afterwards.",
                "Stop writing the value first, migrate rows away from it, and consider leaving it in the type: an unused"
                        + " enum value costs nothing.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() == StatementKind.ALTER_TYPE) {
            Tokens t = Tokens.of(s.sql());
            int rename = t.find(0, "RENAME");
            if (rename >= 0 && t.is(rename + 1, "TO")) {
                state.remember("renamed-type:" + s.relation());
            }
        } else if (s.kind() == StatementKind.CREATE_TYPE && Tokens.of(s.sql()).hasTopLevel("ENUM")
                && state.remembered("renamed-type:" + s.relation())) {
            report.finding(this, s, "Enum type " + s.relation() + " is re-created, presumably to drop a value.");
        }
    }
}
