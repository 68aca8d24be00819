package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.StatementKind;

/** Dropping a table loses its data and breaks code that uses it. */
public final class DropTable extends Rule {
    public DropTable() {
        super("drop-table", Severity.HIGH,
                "The table's rows are gone for good, and the statement waits for ACCESS EXCLUSIVE behind every query"
                        + " on it; running application code that still uses it fails.",
                "Stop using the table in the application first (a release earlier), then drop it; rename it aside for a"
                        + " while if a rollback may need it.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.kind() != StatementKind.DROP_TABLE) {
            return;
        }
        java.util.List<String> existing = s.relations().stream().filter(t -> !state.isNew(t)).toList();
        if (!existing.isEmpty()) {
            boolean one = existing.size() == 1;
            report.finding(this, s, (one ? "Table " + existing.get(0) + " is dropped with its data"
                    : "Tables " + String.join(", ", existing) + " are dropped with their data")
                    + (s.has(StatementFacts.Option.CASCADE) ? ", and CASCADE drops what depends on " + (one ? "it" : "them") : "")
                    + ".");
        }
    }
}
