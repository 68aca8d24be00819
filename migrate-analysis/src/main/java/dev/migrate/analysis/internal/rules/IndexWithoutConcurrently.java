package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;
import dev.migrate.analysis.StatementFacts.Option;
import dev.migrate.analysis.StatementKind;

/** CREATE INDEX without CONCURRENTLY on an existing table: SHARE lock, writes wait for the whole build. */
public final class IndexWithoutConcurrently extends Rule {
    public IndexWithoutConcurrently() {
        super("index-without-concurrently", Severity.HIGH,
                "CREATE INDEX takes a SHARE lock on the table: every INSERT, UPDATE and DELETE waits until the index is built,"
                        + " which on a large table takes minutes.",
                "Use CREATE INDEX CONCURRENTLY (it runs outside a transaction; migrate does that by itself). If it fails,"
                        + " drop the INVALID index it leaves and create it again.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        // ON ONLY a partitioned table builds nothing (and CONCURRENTLY is not allowed there): the documented way.
        if (s.kind() == StatementKind.CREATE_INDEX && !s.has(Option.CONCURRENTLY) && !s.has(Option.ONLY) && !state.isNew(s.relation())) {
            report.finding(this, s, "CREATE INDEX on " + s.relation() + " without CONCURRENTLY blocks writes to it for the whole build.");
        }
    }
}
