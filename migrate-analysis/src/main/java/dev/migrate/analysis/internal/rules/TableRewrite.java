package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.StatementKind;

/** VACUUM FULL, CLUSTER, SET TABLESPACE and SET LOGGED/UNLOGGED rewrite the table under ACCESS EXCLUSIVE. */
public final class TableRewrite extends Rule {
    public TableRewrite() {
        super("table-rewrite", Severity.HIGH,
                "The whole table is copied while ACCESS EXCLUSIVE is held: no query can read or write it until the copy"
                        + " ends, and the disk needs room for a second copy.",
                "Use pg_repack or pg_squeeze for online rewrites; plan tablespace moves for a maintenance window.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (s.rewrites() && !state.isNew(s.relation()) && (s.kind() == StatementKind.VACUUM || s.kind() == StatementKind.CLUSTER
                || (s.kind() == StatementKind.ALTER_TABLE && s.actions().stream().anyMatch(a -> a.type() == AlterAction.Type.SET_TABLESPACE
                || a.type() == AlterAction.Type.SET_LOGGED || a.type() == AlterAction.Type.SET_UNLOGGED
                || a.type() == AlterAction.Type.SET_ACCESS_METHOD)))) {
            report.finding(this, s, "This statement rewrites " + (s.relation() == null ? "the table" : s.relation())
                    + " under ACCESS EXCLUSIVE.");
        }
    }
}
