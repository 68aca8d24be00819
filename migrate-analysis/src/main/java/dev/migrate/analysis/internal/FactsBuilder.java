package dev.migrate.analysis.internal;

import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.LockLevel;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.StatementFacts.Option;
import dev.migrate.analysis.StatementFacts.ParsedBy;
import dev.migrate.analysis.StatementKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Accumulates the facts of one statement while {@link Classifier} reads it. */
final class FactsBuilder {
    private final String script;
    private final int line;
    private final String sql;
    private final ParsedBy parsedBy;
    private StatementKind kind = StatementKind.OTHER;
    private String relation;
    private List<String> relations = List.of();
    private LockLevel lock = LockLevel.NONE;
    private boolean rewrites;
    private boolean scans;
    private boolean transactional = true;
    private final List<AlterAction> actions = new ArrayList<>();
    private final Set<Option> options = EnumSet.noneOf(Option.class);

    FactsBuilder(String script, int line, String sql, ParsedBy parsedBy) {
        this.script = script;
        this.line = line;
        this.sql = sql;
        this.parsedBy = parsedBy;
    }

    FactsBuilder kind(StatementKind k) {
        kind = k;
        return this;
    }

    FactsBuilder relation(String r) {
        relation = r;
        return this;
    }

    /** Past {@code IF NOT EXISTS} at {@code i}, if it is there (noting the option); else {@code i}. */
    int skipIfNotExists(Tokens t, int i) {
        if (t.at(i, "IF", "NOT", "EXISTS")) {
            option(Option.IF_NOT_EXISTS);
            return i + 3;
        }
        return i;
    }

    /** Past {@code IF EXISTS} at {@code i}, if it is there (noting the option); else {@code i}. */
    int skipIfExists(Tokens t, int i) {
        if (t.at(i, "IF", "EXISTS")) {
            option(Option.IF_EXISTS);
            return i + 2;
        }
        return i;
    }

    /** Several relations with the same lock ({@code DROP TABLE a, b}): the first is {@code relation}. */
    FactsBuilder relations(List<String> names) {
        relations = List.copyOf(names);
        relation = names.isEmpty() ? null : names.get(0);
        return this;
    }

    FactsBuilder lock(LockLevel l) {
        lock = l;
        return this;
    }

    FactsBuilder rewrites() {
        rewrites = true;
        return this;
    }

    FactsBuilder scans() {
        scans = true;
        return this;
    }

    FactsBuilder transactional(boolean tx) {
        transactional = tx;
        return this;
    }

    FactsBuilder option(Option o) {
        options.add(o);
        return this;
    }

    FactsBuilder action(AlterAction a) {
        actions.add(a);
        return this;
    }

    boolean has(Option o) {
        return options.contains(o);
    }

    StatementFacts build() {
        return new StatementFacts(script, line, sql, kind, relation, lock, rewrites, scans && !rewrites, transactional, actions,
                options, parsedBy, relations);
    }
}
