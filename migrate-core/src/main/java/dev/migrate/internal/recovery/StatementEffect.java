package dev.migrate.internal.recovery;

import dev.migrate.internal.sql.SqlLexer;
import dev.migrate.internal.sql.SqlLexer.Token;
import dev.migrate.internal.sql.SqlNames;
import dev.migrate.internal.sql.SqlStatement;
import dev.migrate.internal.sql.StatementKinds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Whether a statement of an interrupted or failed run took effect, read from the catalog. A run's
 * record can lag behind the database by one statement: when its process dies, PostgreSQL still
 * finishes the statement in flight, and nothing updates the history after it. This looks at what
 * that statement makes or removes (an index and whether it is valid, a table, an enum value, a
 * partition being detached); for statements whose effect the catalog does not show, it says so.
 *
 * @param outcome what the catalog shows
 * @param detail  the evidence, for a message (e.g. {@code index "public"."orders_by_customer" is valid})
 */
public record StatementEffect(Outcome outcome, String detail) {

    /** What a statement left. */
    public enum Outcome {
        /** It completed: what it makes exists (or what it drops is gone). */
        TOOK_EFFECT,
        /** It did not complete and left nothing. */
        NOT_DONE,
        /** It did not complete and left an INVALID index (or an index marked INVALID on its way out). */
        LEFT_INVALID,
        /** {@code DETACH PARTITION ... CONCURRENTLY} stopped part-way: the partition is pending detach. */
        DETACH_PENDING,
        /** Whether it completed cannot be told, and running it again is harmless (VACUUM, ANALYZE, REINDEX...). */
        REPEATABLE,
        /** Whether it completed cannot be told from the catalog. */
        UNKNOWN
    }

    private static final Set<String> REPEATABLE_FIRST_WORDS = Set.of("VACUUM", "ANALYZE", "ANALYSE", "REINDEX", "CLUSTER",
            "CHECKPOINT", "SET", "RESET", "COMMENT", "GRANT", "REVOKE");

    /**
     * Probes {@code s}.
     *
     * @param failed     true when the run recorded the statement as failing with an error (it then
     *                   did not complete; only what it left part-way is looked for), false when the
     *                   run was interrupted while it may have been running
     * @param indexesBefore the run's {@code indexes_before} for this statement, or null
     */
    public static StatementEffect probe(Connection c, SqlStatement s, boolean failed, String indexesBefore) throws SQLException {
        IndexBuild build = IndexBuild.of(s);
        if (build != null) {
            return indexBuild(c, build, failed, indexesBefore);
        }
        if (s.startsWith("ALTER", "TABLE") && s.hasWord("DETACH") && s.hasWord("CONCURRENTLY")) {
            StatementEffect e = detach(c, s);
            // A statement that failed with an error did not detach anything; it may have left the detach pending.
            return failed && e.outcome() == Outcome.TOOK_EFFECT ? new StatementEffect(Outcome.NOT_DONE, "it failed with an error") : e;
        }
        if (failed) {
            return new StatementEffect(Outcome.NOT_DONE, "it failed with an error");
        }
        if (StatementKinds.isTransactionControl(s)) {
            return new StatementEffect(Outcome.UNKNOWN, "whether the transaction block it belongs to committed is not recorded");
        }
        if (REPEATABLE_FIRST_WORDS.contains(s.word(0)) || s.startsWith("REFRESH", "MATERIALIZED", "VIEW")) {
            return new StatementEffect(Outcome.REPEATABLE, "running it again is harmless");
        }
        StatementKinds.EnumValue value = StatementKinds.addedEnumValue(s);
        if (value != null) {
            return enumValue(c, s, value);
        }
        String created = createdRelation(s);
        if (created != null) {
            boolean exists = exists(c, created);
            return new StatementEffect(exists ? Outcome.TOOK_EFFECT : Outcome.NOT_DONE, created + (exists ? " exists" : " does not exist"));
        }
        List<String> dropped = droppedRelations(s);
        if (!dropped.isEmpty()) {
            for (String name : dropped) {
                if (exists(c, name)) {
                    return new StatementEffect(Outcome.NOT_DONE, name + " still exists");
                }
            }
            return new StatementEffect(Outcome.TOOK_EFFECT, String.join(", ", dropped) + (dropped.size() == 1 ? " is" : " are") + " gone");
        }
        return new StatementEffect(Outcome.UNKNOWN, "the catalog does not show whether it ran");
    }

    private static StatementEffect indexBuild(Connection c, IndexBuild b, boolean failed, String before) throws SQLException {
        List<IndexBuilds.IndexState> indexes = IndexBuilds.indexes(c, b);
        if (b.kind() == IndexBuild.Kind.DROP) {
            for (IndexBuilds.IndexState i : indexes) {
                if (b.names(i.name())) {
                    return i.valid() ? new StatementEffect(Outcome.NOT_DONE, "index " + i.qualified() + " is still there")
                            : new StatementEffect(Outcome.LEFT_INVALID, "index " + i.qualified() + " is marked INVALID but not"
                            + " dropped yet; running the statement again finishes the drop");
                }
            }
            return failed ? new StatementEffect(Outcome.NOT_DONE, "it failed with an error")
                    : new StatementEffect(Outcome.TOOK_EFFECT, "index " + b.relation() + " is gone");
        }
        List<IndexBuilds.IndexState> provable = IndexBuilds.leftovers(c, b, before);
        List<IndexBuilds.IndexState> invalid = IndexBuilds.invalidAfter(c, b, before);
        if (!invalid.isEmpty()) {
            List<IndexBuilds.IndexState> other = invalid.stream().filter(i -> !provable.contains(i)).toList();
            return new StatementEffect(Outcome.LEFT_INVALID, "it left the INVALID index " + IndexBuilds.names(invalid)
                    + (other.isEmpty() ? ", which the next attempt drops and builds again"
                    : "; the next attempt cannot prove it made " + IndexBuilds.names(other)
                    + ": drop it by hand (DROP INDEX CONCURRENTLY) before resuming"));
        }
        if (failed) {
            return new StatementEffect(Outcome.NOT_DONE, "it failed with an error and left no INVALID index");
        }
        if (b.kind() != IndexBuild.Kind.CREATE) {
            return new StatementEffect(Outcome.REPEATABLE, "it left no INVALID copy, and running it again is harmless");
        }
        if (b.index() != null) {
            for (IndexBuilds.IndexState i : indexes) {
                if (b.names(i.name())) {
                    return new StatementEffect(Outcome.TOOK_EFFECT, "index " + i.qualified() + " exists and is valid");
                }
            }
            return new StatementEffect(Outcome.NOT_DONE, "index " + b.index() + " does not exist");
        }
        boolean known = IndexBuilds.recorded(c, b, before);
        boolean added = false;
        for (IndexBuilds.IndexState i : indexes) {
            added |= known && !IndexBuilds.listed(c, b, before, i.oid());
        }
        return !known || added
                ? new StatementEffect(Outcome.UNKNOWN, "it names no index, and which index PostgreSQL named for it cannot be told")
                : new StatementEffect(Outcome.NOT_DONE, "no index was added to " + b.relation());
    }

    /**
     * For {@code ALTER TABLE p DETACH PARTITION c CONCURRENTLY} whose partition an earlier attempt
     * left pending detach: the {@code ... FINALIZE} that completes it (running the statement again
     * would fail). Null for any other statement, or when nothing is pending.
     */
    public static String finishDetach(Connection c, SqlStatement s) throws SQLException {
        Detach d = Detach.of(s);
        return d != null && Boolean.TRUE.equals(d.pending(c)) ? d.finish() : null;
    }

    private static StatementEffect detach(Connection c, SqlStatement s) throws SQLException {
        Detach d = Detach.of(s);
        if (d == null) {
            return new StatementEffect(Outcome.UNKNOWN, "the statement could not be read");
        }
        Boolean pending = d.pending(c);
        if (pending == null) {
            return new StatementEffect(Outcome.TOOK_EFFECT, d.partition() + " is no longer a partition of " + d.parent());
        }
        return pending ? new StatementEffect(Outcome.DETACH_PENDING, d.partition() + " is pending detach: " + d.finish()
                + " completes it, which resuming runs in its place")
                : new StatementEffect(Outcome.NOT_DONE, d.partition() + " is still a partition of " + d.parent());
    }

    /** {@code ALTER TABLE parent DETACH PARTITION partition CONCURRENTLY}, names as written. */
    private record Detach(String parent, String partition) {
        static Detach of(SqlStatement s) {
            if (!s.startsWith("ALTER", "TABLE") || !s.hasWord("DETACH") || !s.hasWord("CONCURRENTLY")) {
                return null;
            }
            SqlLexer lex = new SqlLexer("", s.sql(), s.line());
            lex.advance(3);
            skip(lex, "IF", "EXISTS", "ONLY");
            SqlNames.Name parent = SqlNames.read(lex, s.sql());
            if (parent == null || !lex.isWord("DETACH")) {
                return null;
            }
            lex.next();
            lex.next();
            SqlNames.Name partition = SqlNames.read(lex, s.sql());
            return partition == null ? null : new Detach(parent.sql(), partition.sql());
        }

        /** Whether the partition is pending detach; null when it is no partition of the parent any more. */
        Boolean pending(Connection c) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT inhdetachpending FROM pg_catalog.pg_inherits"
                    + " WHERE inhrelid = pg_catalog.to_regclass(?) AND inhparent = pg_catalog.to_regclass(?)")) {
                ps.setString(1, partition);
                ps.setString(2, parent);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBoolean(1) : null;
                }
            }
        }

        String finish() {
            return "ALTER TABLE " + parent + " DETACH PARTITION " + partition + " FINALIZE";
        }
    }

    private static StatementEffect enumValue(Connection c, SqlStatement s, StatementKinds.EnumValue value) throws SQLException {
        String literal = value.literal();
        if (!literal.startsWith("'")) {
            return new StatementEffect(Outcome.UNKNOWN, "the value is written as an escape string");
        }
        String label = literal.substring(1, literal.length() - 1).replace("''", "'");
        SqlLexer lex = new SqlLexer("", s.sql(), s.line());
        lex.advance(3);
        SqlNames.Name type = SqlNames.read(lex, s.sql());
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_enum"
                + " WHERE enumtypid = pg_catalog.to_regtype(?) AND enumlabel = ?)")) {
            ps.setString(1, type.sql());
            ps.setString(2, label);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean there = rs.getBoolean(1);
                return new StatementEffect(there ? Outcome.TOOK_EFFECT : Outcome.NOT_DONE,
                        type.sql() + (there ? " has the value " : " has no value ") + literal);
            }
        }
    }

    /** The table, view, sequence or index a plain CREATE makes (not CREATE OR REPLACE), as written; or null. */
    private static String createdRelation(SqlStatement s) {
        if (!s.word(0).equals("CREATE")) {
            return null;
        }
        SqlLexer lex = new SqlLexer("", s.sql(), s.line());
        lex.next();
        lex.next();
        skip(lex, "UNLOGGED", "TEMPORARY", "TEMP", "UNIQUE", "MATERIALIZED");
        boolean index = lex.isWord("INDEX");
        if (!index && !lex.isWord("TABLE") && !lex.isWord("VIEW") && !lex.isWord("SEQUENCE")) {
            return null;
        }
        lex.next();
        skip(lex, "IF", "NOT", "EXISTS");
        if (index && lex.isWord("ON")) {
            return null;
        }
        SqlNames.Name name = SqlNames.read(lex, s.sql());
        if (name == null || index) {
            // An index lives in its table's schema, which the name alone does not say.
            return name == null || !lex.isWord("ON") ? null : indexName(lex, s, name);
        }
        return name.sql();
    }

    /** {@code schema.index} for {@code CREATE INDEX index ON [ONLY] schema.table}, so that to_regclass finds it. */
    private static String indexName(SqlLexer lex, SqlStatement s, SqlNames.Name index) {
        lex.next();
        skip(lex, "ONLY");
        SqlNames.Name table = SqlNames.read(lex, s.sql());
        if (table == null) {
            return null;
        }
        return table.parts().size() > 1 ? quote(table.parts().get(0)) + "." + index.sql() : index.sql();
    }

    /** The relations {@code DROP TABLE / VIEW / SEQUENCE / INDEX [IF EXISTS] a, b} drops, as written. */
    private static List<String> droppedRelations(SqlStatement s) {
        if (!s.word(0).equals("DROP")) {
            return List.of();
        }
        SqlLexer lex = new SqlLexer("", s.sql(), s.line());
        lex.next();
        lex.next();
        skip(lex, "MATERIALIZED");
        if (!lex.isWord("TABLE") && !lex.isWord("VIEW") && !lex.isWord("SEQUENCE") && !lex.isWord("INDEX")) {
            return List.of();
        }
        lex.next();
        skip(lex, "CONCURRENTLY", "IF", "EXISTS");
        List<String> names = new java.util.ArrayList<>();
        for (SqlNames.Name n = SqlNames.read(lex, s.sql()); n != null; n = SqlNames.read(lex, s.sql())) {
            names.add(n.sql());
            if (!lex.isSymbol(',')) {
                break;
            }
            lex.next();
        }
        return names;
    }

    private static boolean exists(Connection c, String relation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.to_regclass(?) IS NOT NULL")) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void skip(SqlLexer lex, String... words) {
        boolean skipped = true;
        while (skipped && lex.token() != Token.END) {
            skipped = false;
            for (String w : words) {
                if (lex.isWord(w)) {
                    lex.next();
                    skipped = true;
                }
            }
        }
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
