package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.StatementKind;
import dev.migrate.analysis.internal.State;

/** An enum value added in a transaction cannot be used before that transaction commits. */
public final class EnumValueUsedInTransaction extends Rule {
    public EnumValueUsedInTransaction() {
        super("enum-value-used-in-transaction", Severity.HIGH, 12, Integer.MAX_VALUE,
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
        // Look up each quoted literal of the statement: one pass over its text, however many values were added.
        String sql = s.sql();
        for (int start = sql.indexOf('\''); start >= 0; start = sql.indexOf('\'', start)) {
            int end = start + 1;
            while (end < sql.length() && (sql.charAt(end) != '\'' || (end + 1 < sql.length() && sql.charAt(end + 1) == '\''))) {
                end += sql.charAt(end) == '\'' ? 2 : 1;
            }
            if (end >= sql.length()) {
                return;
            }
            String literal = sql.substring(start, end + 1);
            StatementFacts added = state.newEnumValues().get(literal);
            if (added != null) {
                report.finding(this, s, "Enum value " + literal + " of " + added.relation() + " (added at line " + added.line()
                        + ") appears before the transaction commits; if it is used as a value of that type here, PostgreSQL"
                        + " refuses it.");
                return;
            }
            start = end + 1;
        }
    }
}
