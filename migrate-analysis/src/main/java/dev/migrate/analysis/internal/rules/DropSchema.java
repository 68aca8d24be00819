package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.StatementKind;

/** Dropping a schema drops everything in it (with CASCADE). */
public final class DropSchema extends Rule {
    public DropSchema() {
        super("drop-schema", Severity.CRITICAL,
                "DROP SCHEMA ... CASCADE removes every table, view and function in the schema with their data;"
                        + " without CASCADE it fails as soon as the schema holds anything.",
                "Drop the objects you mean to drop by name, in migrations that say so.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() == StatementKind.DROP_SCHEMA) {
            report.finding(this, s, "Schema " + s.relation() + " is dropped"
                    + (s.has(StatementFacts.Option.CASCADE) ? " with CASCADE: everything in it goes" : "") + ".");
        }
    }
}
