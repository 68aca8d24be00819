package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;

/** VALIDATE CONSTRAINT in the transaction that added it NOT VALID gains nothing. */
public final class ValidateInSameTransaction extends Rule {
    public ValidateInSameTransaction() {
        super("validate-in-same-transaction", Severity.MEDIUM,
                "The constraint was added NOT VALID earlier in the same transaction, which still holds that statement's"
                        + " lock: validating now scans the table under it, exactly what NOT VALID was meant to avoid.",
                "Validate in a separate migration (or after a COMMIT), so the scan runs under SHARE UPDATE EXCLUSIVE only.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        java.util.Set<String> addedHere = new java.util.HashSet<>();
        for (AlterAction a : s.actions()) {
            if (a.type() == AlterAction.Type.ADD_CONSTRAINT && a.notValid() && a.name() != null) {
                addedHere.add(a.name());
            }
            if (a.type() != AlterAction.Type.VALIDATE_CONSTRAINT) {
                continue;
            }
            if (addedHere.contains(a.name())) {
                // One statement: the validation runs under the lock the ADD took, whatever the transaction.
                report.finding(this, s, "Constraint " + a.name() + " on " + s.relation()
                        + " is added NOT VALID and validated in the same statement.");
            } else if (state.inTransaction() && state.addedNotValidInThisTransaction(s.relation(), a.name())) {
                report.finding(this, s, "Constraint " + a.name() + " on " + s.relation()
                        + " is validated in the same transaction that added it NOT VALID.");
            }
        }
    }
}
