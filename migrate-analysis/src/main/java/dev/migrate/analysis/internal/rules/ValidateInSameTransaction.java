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
        if (!state.inTransaction()) {
            return;
        }
        for (AlterAction a : s.actions()) {
            if (a.type() == AlterAction.Type.VALIDATE_CONSTRAINT && state.addedNotValidInThisTransaction(s.relation(), a.name())) {
                report.finding(this, s, "Constraint " + a.name() + " on " + s.relation()
                        + " is validated in the same transaction that added it NOT VALID.");
            }
        }
    }
}
