package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.StatementKind;
import dev.migrate.analysis.internal.Tokens;

/** Renaming a schema breaks every query that names it. */
public final class RenameSchema extends Rule {
    public RenameSchema() {
        super("rename-schema", Severity.HIGH,
                "Every query, function and search_path that names the schema fails once the rename commits.",
                "Keep the old schema name; if it must change, create the new schema, move objects with views or"
                        + " synonyms in between, and switch the application first.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() == StatementKind.ALTER_SCHEMA && Tokens.of(s.sql()).hasTopLevel("RENAME")) {
            report.finding(this, s, "Schema " + s.relation() + " is renamed: queries that name it fail.");
        }
    }
}
