package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;

/** A foreign key whose columns no index leads with. */
public final class ForeignKeyWithoutIndex extends Rule {
    public ForeignKeyWithoutIndex() {
        super("foreign-key-without-index", Severity.MEDIUM,
                "Without an index on the referencing columns, every DELETE or key UPDATE on the referenced table scans"
                        + " this table (under lock), and joins along the key are slow.",
                "CREATE INDEX CONCURRENTLY on the foreign key's columns, in that order.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        // Checked at the end of the migration, when every index it creates is known.
    
    }

    @Override
    public void endOfMigration(State state, Report report) {
        for (State.PendingForeignKey fk : state.foreignKeys()) {
            if (!state.hasIndexLeadingWith(fk.table(), fk.columns()) && !state.catalogHasIndexLeadingWith(fk.table(), fk.columns())) {
                report.finding(this, fk.statement(), "No index on " + fk.table() + " (" + String.join(", ", fk.columns())
                        + ") supports the foreign key added here.");
            }
        }
    }
}
