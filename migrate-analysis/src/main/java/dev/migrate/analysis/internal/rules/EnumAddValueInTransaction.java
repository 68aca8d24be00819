package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.StatementKind;

/** ALTER TYPE ... ADD VALUE inside a transaction fails before PostgreSQL 12. */
public final class EnumAddValueInTransaction extends Rule {
    public EnumAddValueInTransaction() {
        super("enum-add-value-in-transaction", Severity.CRITICAL, 0, 11,
                "Before PostgreSQL 12, ALTER TYPE ... ADD VALUE cannot run inside a transaction block.",
                "Run it in a migration of its own without a transaction (-- migrate:no-transaction), or upgrade.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() == StatementKind.ALTER_TYPE && !s.transactional() && state.inTransaction()) {
            report.finding(this, s, "ALTER TYPE " + s.relation() + " ADD VALUE runs inside a transaction block.");
        }
    }
}
