package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.StatementKind;

/** TRUNCATE ... CASCADE empties every table that references this one. */
public final class TruncateCascade extends Rule {
    public TruncateCascade() {
        super("truncate-cascade", Severity.HIGH,
                "CASCADE truncates every table with a foreign key to this one, and tables referencing those, recursively:"
                        + " data far beyond the named table goes, under ACCESS EXCLUSIVE on all of them.",
                "Name every table to truncate explicitly, without CASCADE.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() == StatementKind.TRUNCATE && s.has(StatementFacts.Option.CASCADE)) {
            report.finding(this, s, "TRUNCATE " + s.relation() + " CASCADE also empties every table that references it.");
        }
    }
}
