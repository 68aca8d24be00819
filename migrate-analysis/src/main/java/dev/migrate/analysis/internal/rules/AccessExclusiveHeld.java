package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.LockLevel;
import dev.migrate.analysis.StatementKind;

/** More statements after an ACCESS EXCLUSIVE lock in the same transaction keep everything waiting. */
public final class AccessExclusiveHeld extends Rule {
    public AccessExclusiveHeld() {
        super("access-exclusive-held", Severity.MEDIUM,
                "An ACCESS EXCLUSIVE lock is held until the transaction ends: work that follows it in the same transaction"
                        + " (a rewrite, a scan, changing rows, waiting for another table's lock) keeps the table unreadable"
                        + " all that time.",
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
        // Quick catalog changes after the lock cost nothing worth mentioning; what holds everyone up is
        // work that takes time (a rewrite, a scan, changing rows) or waits for a lock on another table.
        boolean slow = s.rewrites() || state.scans(s) || s.kind() == StatementKind.UPDATE || s.kind() == StatementKind.DELETE
                || s.kind() == StatementKind.INSERT || s.kind() == StatementKind.MERGE || s.kind() == StatementKind.DO
                || s.kind() == StatementKind.CALL;
        String table = state.accessExclusiveHeld().keySet().iterator().next();
        boolean otherTable = s.relation() != null && s.lock() != LockLevel.NONE && !state.isNew(s.relation())
                && !state.accessExclusiveHeld().containsKey(State.normalize(s.relation()));
        if (!slow && !otherTable) {
            return;
        }
        StatementFacts holder = state.accessExclusiveHeld().get(table);
        if (state.firstTime("access-exclusive-held:" + table)) {
            report.finding(this, s, "ACCESS EXCLUSIVE on " + table + " (taken at line " + holder.line()
                    + ") is still held while this statement runs.");
        }
    }
}
