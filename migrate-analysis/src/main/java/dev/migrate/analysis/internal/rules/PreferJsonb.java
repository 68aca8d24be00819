package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.StatementKind;
import dev.migrate.analysis.internal.Tokens;

/** json instead of jsonb. */
public final class PreferJsonb extends Rule {
    public PreferJsonb() {
        super("prefer-jsonb", Severity.LOW,
                "json stores the text as given and re-parses it on every access; it has no equality operator, so it"
                        + " cannot be indexed, compared, or used in DISTINCT and GROUP BY.",
                "Use jsonb, unless key order and duplicate keys must be kept exactly as sent.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        boolean json = false;
        if (s.kind() == StatementKind.CREATE_TABLE) {
            Tokens t = Tokens.of(s.sql());
            for (int i = 1; i < t.size(); i++) {
                if (t.get(i).is("JSON") && t.get(i).depth() == 1 && t.get(i - 1).isName() && t.get(i - 1).depth() == 1) {
                    json = true;
                }
            }
        }
        for (AlterAction a : s.actions()) {
            if ((a.type() == AlterAction.Type.ADD_COLUMN || a.type() == AlterAction.Type.ALTER_COLUMN_TYPE) && a.dataType() != null
                    && (a.dataType().equals("json") || a.dataType().equals("json[]"))) {
                json = true;
            }
        }
        if (json) {
            report.finding(this, s, "A column of " + s.relation() + " is json rather than jsonb.");
        }
    }
}
