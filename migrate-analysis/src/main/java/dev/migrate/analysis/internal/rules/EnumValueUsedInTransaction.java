package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.StatementKind;
import dev.migrate.analysis.internal.State;
import java.util.Map;

/** An enum value added in a transaction cannot be used before that transaction commits. */
public final class EnumValueUsedInTransaction extends Rule {
    public EnumValueUsedInTransaction() {
        super("enum-value-used-in-transaction", Severity.CRITICAL, 12, Integer.MAX_VALUE,
                "Since PostgreSQL 12, ALTER TYPE ... ADD VALUE may run in a transaction, but the new value cannot be used"
                        + " until that transaction commits: the statement using it fails with \"unsafe use of new value\" and"
                        + " the migration is rolled back.",
                "Add the value in one migration and use it in a later one (each migration commits on its own).");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (!state.inTransaction() || s.kind() == StatementKind.ALTER_TYPE || state.newEnumValues().isEmpty()) {
            return;
        }
        for (Map.Entry<String, StatementFacts> added : state.newEnumValues().entrySet()) {
            if (s.sql().contains(added.getKey())) {
                report.finding(this, s, "Enum value " + added.getKey() + " of " + added.getValue().relation()
                        + " (added at line " + added.getValue().line() + ") is used before the transaction commits.");
                return;
            }
        }
    }
}
