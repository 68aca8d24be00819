package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.LockLevel;
import dev.migrate.analysis.StatementKind;

/** The same table altered by several statements in one migration. */
public final class RepeatedAlterTable extends Rule {
    public RepeatedAlterTable() {
        super("repeated-alter-table", Severity.LOW,
                "Each ALTER TABLE that rewrites or scans the table makes its own pass over it, and outside a transaction"
                        + " each one queues for ACCESS EXCLUSIVE again; one statement with several actions takes the lock"
                        + " once and rewrites at most once.",
                "Combine the actions into one ALTER TABLE, separated by commas.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        // Within a transaction the lock is already held, so only a second pass over the table costs: a
        // rewrite or scan after another one. Without a transaction each ALTER queues for the lock again.
        boolean costly = s.lock() == LockLevel.ACCESS_EXCLUSIVE && (!state.inTransaction() || s.rewrites() || state.scans(s));
        if (s.kind() == StatementKind.ALTER_TABLE && costly && !state.isNew(s.relation())
                && (state.inTransaction() ? state.altersBefore(s.relation()) >= 1 : state.altersOutsideTransaction(s.relation()) >= 1)
                && state.firstTime("repeated-alter:" + s.relation())) {
            report.finding(this, s, "Table " + s.relation() + " is altered again in this migration.");
        }
    }
}
