package dev.migrate.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one statement does to the database, as the rules see it: its kind, the relation it works
 * on, the strongest lock it takes there, and whether it rewrites or scans the table. Derived from
 * PostgreSQL's documented lock rules; {@code Rehearsal} measures the same on a real server.
 *
 * @param script        the migration script it belongs to
 * @param line          its 1-based line there
 * @param sql           its text
 * @param kind          what it does
 * @param relation      the table, index, view or type it works on, schema-qualified when written so;
 *                      null when none
 * @param lock          the strongest lock it takes on {@code relation}
 * @param rewrites      it writes the relation's rows into new storage (a table rewrite, an index rebuild);
 *                      TRUNCATE's new, empty storage is not a rewrite
 * @param scans         it reads the whole table without rewriting it (validation, index build)
 * @param transactional it can run inside a transaction block
 * @param actions       for ALTER TABLE, each action; else empty
 * @param options       the flags that change its locking or meaning
 * @param parsedBy      which parser understood it
 * @param relations     every relation it works on with that lock, {@code relation} first: more than one for
 *                      {@code DROP TABLE a, b}, {@code TRUNCATE a, b} or {@code LOCK a, b}
 */
public record StatementFacts(String script, int line, String sql, StatementKind kind, String relation, LockLevel lock,
                             boolean rewrites, boolean scans, boolean transactional, List<AlterAction> actions,
                             Set<Option> options, ParsedBy parsedBy, List<String> relations) {
    public StatementFacts {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(lock, "lock");
        actions = List.copyOf(actions);
        options = Set.copyOf(options);
        relations = relations == null || relations.isEmpty() ? (relation == null ? List.of() : List.of(relation))
                : List.copyOf(relations);
    }

    /** Facts about a statement that works on one relation (or none). */
    public StatementFacts(String script, int line, String sql, StatementKind kind, String relation, LockLevel lock,
                          boolean rewrites, boolean scans, boolean transactional, List<AlterAction> actions,
                          Set<Option> options, ParsedBy parsedBy) {
        this(script, line, sql, kind, relation, lock, rewrites, scans, transactional, actions, options, parsedBy, List.of());
    }

    /** Flags read from the statement. */
    public enum Option {
        CONCURRENTLY, IF_EXISTS, IF_NOT_EXISTS, CASCADE, NO_WHERE, UNIQUE, ONLY, TEMPORARY, OR_REPLACE, FULL
    }

    /** Which parser produced the facts. */
    public enum ParsedBy {
        /** A data change or query that JSqlParser parsed; its tree settled the kind, target and WHERE. */
        JSQLPARSER,
        /**
         * The token classifier alone: every DDL statement (whose lock facts come from PostgreSQL's lock
         * rules, not from a tree), and any statement JSqlParser cannot parse.
         */
        TOKENS
    }

    public boolean has(Option option) {
        return options.contains(option);
    }

    /** The statement on one line, shortened, for messages. */
    public String excerpt() {
        String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
    }
}
