package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.StatementKind;

/** More statements after an ACCESS EXCLUSIVE lock in the same transaction keep everything waiting. */
public final class AccessExclusiveHeld extends Rule {
    public AccessExclusiveHeld() {
        super("access-exclusive-held", Severity.MEDIUM,
                "An ACCESS EXCLUSIVE lock is held until the transaction ends: every statement that follows it in the same"
                        + " transaction extends the time the table is unreadable.",
                "Put the statement that takes ACCESS EXCLUSIVE last in its transaction, or in a migration of its own.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (!state.inTransaction() || state.accessExclusiveHeld().isEmpty()) {
            return;
        }
        if (s.kind() == StatementKind.COMMIT || s.kind() == StatementKind.ROLLBACK || s.kind() == StatementKind.SET
                || s.kind() == StatementKind.RESET || s.kind() == StatementKind.COMMENT) {
            return;
        }
        String table = state.accessExclusiveHeld().keySet().iterator().next();
        StatementFacts holder = state.accessExclusiveHeld().get(table);
        if (state.firstTime("access-exclusive-held:" + table)) {
            report.finding(this, s, "ACCESS EXCLUSIVE on " + table + " (taken at line " + holder.line()
                    + ") is still held while this statement runs.");
        }
    }
}
