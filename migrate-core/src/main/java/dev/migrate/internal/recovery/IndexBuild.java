package dev.migrate.internal.recovery;

import dev.migrate.internal.sql.SqlLexer;
import dev.migrate.internal.sql.SqlLexer.Token;
import dev.migrate.internal.sql.SqlNames;
import dev.migrate.internal.sql.SqlStatement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        boolean concurrently = false;
        if (lex.isSymbol('(')) {
            // REINDEX (CONCURRENTLY [true], VERBOSE) TABLE t: the option list form.
            int depth = 0;
            do {
                depth += lex.isSymbol('(') ? 1 : lex.isSymbol(')') ? -1 : 0;
                concurrently |= lex.isWord("CONCURRENTLY");
                lex.next();
            } while (depth > 0 && lex.token() != Token.END);
        }
        Kind kind = lex.isWord("INDEX") ? Kind.REINDEX_INDEX : lex.isWord("TABLE") ? Kind.REINDEX_TABLE : null;
        if (kind == null) {
            return null;
        }
        lex.next();
        if (lex.isWord("CONCURRENTLY")) {
            concurrently = true;
            lex.next();
        }
        if (!concurrently) {
            return null;
        }
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

    /**
     * For {@code REINDEX [(options)] SCHEMA name CONCURRENTLY}, {@code DATABASE} or {@code SYSTEM}:
     * the schema it rebuilds, or "" for the whole database; null for any other statement.
     */
    public static String reindexedSchema(SqlStatement s) {
        if (!s.word(0).equals("REINDEX") || !s.hasWord("CONCURRENTLY")
                || !s.hasWord("SCHEMA") && !s.hasWord("DATABASE") && !s.hasWord("SYSTEM")) {
            return null;
        }
        if (!s.hasWord("SCHEMA")) {
            return "";
        }
        SqlLexer lex = new SqlLexer("", s.sql(), s.line());
        for (Token t = lex.next(); t != Token.END; t = lex.next()) {
            if (lex.isWord("SCHEMA")) {
                lex.next();
                if (lex.isWord("CONCURRENTLY")) {
                    lex.next();
                }
                SqlNames.Name name = SqlNames.read(lex, s.sql());
                return name == null ? "" : name.sql();
            }
        }
        return "";
    }

    /**
     * Whether {@code relname} is the name this statement gives an index: the one it names (as
     * PostgreSQL stores it, cut to 63 bytes), or a REINDEX copy's {@code <index>_ccnew[n]} /
     * {@code <index>_ccold[n]}, the index part cut so that the whole fits 63 bytes, as
     * PostgreSQL's ChooseRelationName does. An unnamed CREATE gets a name PostgreSQL picks, so no
     * name is known to be its.
     */
    public boolean names(String relname) {
        return switch (kind) {
            case CREATE, DROP -> index != null && SqlNames.truncate(index).equals(relname);
            case REINDEX_INDEX -> {
                Matcher m = REINDEX_COPY.matcher(relname);
                yield m.matches() && m.group(1).equals(SqlNames.truncate(index, 63 - 1 - m.group(2).length()));
            }
            case REINDEX_TABLE -> REINDEX_COPY.matcher(relname).matches();
        };
    }

    private static final Pattern REINDEX_COPY = Pattern.compile("(.*)_(cc(?:new|old)[0-9]*)");
}
