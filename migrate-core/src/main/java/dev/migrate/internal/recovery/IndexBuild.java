package dev.migrate.internal.recovery;

import dev.migrate.internal.sql.SqlLexer;
import dev.migrate.internal.sql.SqlLexer.Token;
import dev.migrate.internal.sql.SqlNames;
import dev.migrate.internal.sql.SqlStatement;

/**
 * A statement that builds or drops an index in steps that each commit, and so can leave an INVALID
 * index behind when it fails or its session dies part-way: {@code CREATE [UNIQUE] INDEX
 * CONCURRENTLY}, {@code REINDEX ... CONCURRENTLY} (its new copy is named {@code <index>_ccnew}),
 * {@code DROP INDEX CONCURRENTLY} (marks the index invalid before dropping it).
 *
 * @param kind        which of the three
 * @param relation    for CREATE, the table; for REINDEX TABLE, the table; for REINDEX INDEX and
 *                    DROP, the index; as written, for {@code to_regclass}
 * @param index       the index's own name as PostgreSQL stores it (for CREATE, null when the
 *                    statement names none: PostgreSQL picks one); null for REINDEX TABLE
 * @param ifNotExists {@code CREATE INDEX ... IF NOT EXISTS}, which skips an existing index even when it is INVALID
 * @param line        the statement's line
 */
public record IndexBuild(Kind kind, String relation, String index, boolean ifNotExists, int line) {

    /** What the statement does. */
    public enum Kind {
        /** {@code CREATE [UNIQUE] INDEX CONCURRENTLY}. */
        CREATE,
        /** {@code REINDEX INDEX ... CONCURRENTLY}. */
        REINDEX_INDEX,
        /** {@code REINDEX TABLE ... CONCURRENTLY}. */
        REINDEX_TABLE,
        /** {@code DROP INDEX CONCURRENTLY} of one index. */
        DROP
    }

    /** The statement as an index build, or null when it is none (or one this cannot read). */
    public static IndexBuild of(SqlStatement s) {
        if (!s.hasWord("CONCURRENTLY")) {
            return null;
        }
        String first = s.word(0);
        if (!first.equals("CREATE") && !first.equals("REINDEX") && !first.equals("DROP")) {
            return null;
        }
        String sql = s.sql();
        SqlLexer lex = new SqlLexer("", sql, s.line());
        lex.next();
        lex.next();
        if (first.equals("REINDEX")) {
            return reindex(lex, sql, s.line());
        }
        if (first.equals("CREATE") && lex.isWord("UNIQUE")) {
            lex.next();
        }
        if (!lex.isWord("INDEX")) {
            return null;
        }
        lex.next();
        if (!lex.isWord("CONCURRENTLY")) {
            return null;
        }
        lex.next();
        if (first.equals("DROP")) {
            return drop(lex, sql, s.line());
        }
        boolean ifNotExists = false;
        if (lex.isWord("IF")) {
            lex.next();
            lex.next();
            lex.next();
            ifNotExists = true;
        }
        String index = null;
        if (!lex.isWord("ON")) {
            SqlNames.Name name = SqlNames.read(lex, sql);
            if (name == null) {
                return null;
            }
            index = name.object();
        }
        if (!lex.isWord("ON")) {
            return null;
        }
        lex.next();
        if (lex.isWord("ONLY")) {
            lex.next();
        }
        SqlNames.Name table = SqlNames.read(lex, sql);
        return table == null ? null : new IndexBuild(Kind.CREATE, table.sql(), index, ifNotExists, s.line());
    }

    private static IndexBuild reindex(SqlLexer lex, String sql, int line) {
        if (lex.isSymbol('(')) {
            int depth = 0;
            do {
                depth += lex.isSymbol('(') ? 1 : lex.isSymbol(')') ? -1 : 0;
                lex.next();
            } while (depth > 0 && lex.token() != Token.END);
        }
        Kind kind = lex.isWord("INDEX") ? Kind.REINDEX_INDEX : lex.isWord("TABLE") ? Kind.REINDEX_TABLE : null;
        if (kind == null) {
            return null;
        }
        lex.next();
        if (!lex.isWord("CONCURRENTLY")) {
            return null;
        }
        lex.next();
        SqlNames.Name name = SqlNames.read(lex, sql);
        if (name == null) {
            return null;
        }
        return new IndexBuild(kind, name.sql(), kind == Kind.REINDEX_INDEX ? name.object() : null, false, line);
    }

    private static IndexBuild drop(SqlLexer lex, String sql, int line) {
        if (lex.isWord("IF")) {
            lex.next();
            lex.next();
        }
        SqlNames.Name name = SqlNames.read(lex, sql);
        // DROP INDEX CONCURRENTLY takes one index; a list would fail before doing anything.
        return name == null || lex.isSymbol(',') ? null : new IndexBuild(Kind.DROP, name.sql(), name.object(), false, line);
    }

    /** Whether an index this statement leaves behind, when it fails, has {@code relname}. */
    public boolean leaves(String relname) {
        return switch (kind) {
            case CREATE -> index == null || index.equals(relname);
            case REINDEX_INDEX -> relname.startsWith(index + "_ccnew") || relname.startsWith(index + "_ccold");
            case REINDEX_TABLE -> relname.contains("_ccnew") || relname.contains("_ccold");
            case DROP -> index.equals(relname);
        };
    }
}
