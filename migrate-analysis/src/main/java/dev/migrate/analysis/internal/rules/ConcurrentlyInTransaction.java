package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.StatementFacts.Option;
import dev.migrate.analysis.StatementKind;

/** A CONCURRENTLY operation inside a transaction block fails. */
public final class ConcurrentlyInTransaction extends Rule {
    public ConcurrentlyInTransaction() {
        super("concurrently-in-transaction", Severity.CRITICAL,
                "CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY, VACUUM, REINDEX"
                        + " SCHEMA/DATABASE and CREATE/DROP DATABASE cannot run inside a transaction block: PostgreSQL"
                        + " refuses them and the migration fails.",
                "Remove the BEGIN/COMMIT around it, or move it to a migration of its own; migrate runs migrations with"
                        + " CONCURRENTLY outside a transaction by itself.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (!s.transactional() && state.inTransaction() && s.kind() != StatementKind.ALTER_TYPE) {
            report.finding(this, s, (s.has(Option.CONCURRENTLY) ? s.kind() + " ... CONCURRENTLY" : s.kind().toString())
                    + " runs inside a transaction block here, which PostgreSQL refuses.");
        }
    }
}
