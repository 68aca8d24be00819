package dev.migrate.internal.sql;

/** What the engine must know about a statement before running it, read from its leading words. */
public final class StatementKinds {
    private StatementKinds() {
    }

    /**
     * Whether the statement may return rows from a query PostgreSQL runs row by row as they are
     * fetched: {@code SELECT}, {@code VALUES}, {@code TABLE}, {@code WITH}, {@code EXECUTE},
     * {@code FETCH}, {@code SHOW}, {@code EXPLAIN}, a parenthesised query. In a JDBC batch pgjdbc
     * fetches one row of such a statement, so {@code SELECT f(x) FROM generate_series(1, 5) x}
     * would call {@code f} once: it must run on its own. Data changes with {@code RETURNING} run to
     * completion either way.
     */
    public static boolean mayReturnRows(SqlStatement s) {
        return switch (s.word(0)) {
            case "SELECT", "VALUES", "TABLE", "WITH", "EXECUTE", "FETCH", "SHOW", "EXPLAIN", "" -> true;
            default -> s.sql().startsWith("(");
        };
    }

    /**
     * Why PostgreSQL refuses to run this statement inside a transaction block, or null when it does
     * not. {@code serverMajor} matters for {@code ALTER TYPE ... ADD VALUE}, refused in a
     * transaction before PostgreSQL 12.
     */
    public static String nonTransactionalReason(SqlStatement s, int serverMajor) {
        String first = s.word(0);
        switch (first) {
            case "CREATE", "DROP" -> {
                int i = s.word(1).equals("UNIQUE") ? 2 : 1;
                if (s.word(i).equals("INDEX") && s.word(i + 1).equals("CONCURRENTLY")) {
                    return first + " INDEX CONCURRENTLY";
                }
                String object = s.word(1);
                if (object.equals("DATABASE") || object.equals("TABLESPACE") || object.equals("SUBSCRIPTION")) {
                    return first + " " + object;
                }
                return null;
            }
            case "REINDEX" -> {
                if (s.hasWord("CONCURRENTLY")) {
                    return "REINDEX CONCURRENTLY";
                }
                return s.hasWord("DATABASE") || s.hasWord("SYSTEM") ? "REINDEX DATABASE/SYSTEM" : null;
            }
            case "VACUUM" -> {
                return "VACUUM";
            }
            case "CLUSTER" -> {
                boolean wholeDatabase = s.words().size() == 1 || s.words().size() == 2 && s.word(1).equals("VERBOSE");
                return wholeDatabase ? "CLUSTER of the whole database" : null;
            }
            case "ALTER" -> {
                String object = s.word(1);
                if (object.equals("SYSTEM")) {
                    return "ALTER SYSTEM";
                }
                if (object.equals("TABLE") && s.hasWord("DETACH") && s.hasWord("CONCURRENTLY")) {
                    return "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY";
                }
                if (object.equals("DATABASE") && s.hasWord("TABLESPACE") && s.hasWord("SET")) {
                    return "ALTER DATABASE ... SET TABLESPACE";
                }
                if (object.equals("SUBSCRIPTION") && s.hasWord("REFRESH")) {
                    return "ALTER SUBSCRIPTION ... REFRESH PUBLICATION";
                }
                if (object.equals("TYPE") && s.hasWord("ADD") && s.hasWord("VALUE") && serverMajor > 0 && serverMajor < 12) {
                    return "ALTER TYPE ... ADD VALUE (before PostgreSQL 12)";
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Whether the statement only waits on locks that ordinary reads and writes never queue behind
     * ({@code SHARE UPDATE EXCLUSIVE} for the CONCURRENTLY forms): it may then wait as long as it
     * needs, and must not be cut short by {@code lock_timeout}, which would leave an invalid index.
     */
    public static boolean waitsHarmlessly(SqlStatement s) {
        return s.hasWord("CONCURRENTLY");
    }

    /** Whether the statement is transaction control: BEGIN, COMMIT, ROLLBACK (not to a savepoint), ... */
    public static boolean isTransactionControl(SqlStatement s) {
        return switch (s.word(0)) {
            case "BEGIN", "COMMIT", "END", "ABORT" -> true;
            case "START" -> s.word(1).equals("TRANSACTION");
            case "ROLLBACK" -> !s.hasWord("TO");
            case "PREPARE" -> s.word(1).equals("TRANSACTION");
            default -> false;
        };
    }

    public static boolean isBegin(SqlStatement s) {
        return s.word(0).equals("BEGIN") || s.startsWith("START", "TRANSACTION");
    }

    public static boolean isCommit(SqlStatement s) {
        return s.word(0).equals("COMMIT") && !s.hasWord("PREPARED") || s.word(0).equals("END");
    }

    /**
     * What {@code ALTER TYPE t ADD VALUE [IF NOT EXISTS] 'v'} adds, or null when the statement is no
     * such thing.
     */
    public static EnumValue addedEnumValue(SqlStatement s) {
        if (!s.startsWith("ALTER", "TYPE") || !s.hasWord("ADD") || !s.hasWord("VALUE")) {
            return null;
        }
        SqlLexer lex = new SqlLexer("", s.sql(), s.line());
        lex.next();
        lex.next();
        String type = SqlNames.qualifiedName(lex);
        boolean afterValue = false;
        for (SqlLexer.Token t = lex.token(); t != SqlLexer.Token.END; t = lex.next()) {
            if (lex.isWord("VALUE")) {
                afterValue = true;
            } else if (afterValue && (t == SqlLexer.Token.STRING || t == SqlLexer.Token.ESCAPE_STRING)) {
                return type == null ? null : new EnumValue(type, lex.text());
            }
        }
        return null;
    }

    /** The enum type {@code CREATE TYPE t AS ENUM (...)} creates, normalised as {@link SqlNames} does, or null. */
    public static String createdEnumType(SqlStatement s) {
        if (!s.startsWith("CREATE", "TYPE") || !s.hasWord("ENUM")) {
            return null;
        }
        SqlLexer lex = new SqlLexer("", s.sql(), s.line());
        lex.next();
        lex.next();
        return SqlNames.qualifiedName(lex);
    }

    /**
     * An enum value a statement adds.
     *
     * @param type    the enum type's name, normalised as {@link SqlNames} does
     * @param literal the value's literal as written, quotes included
     */
    public record EnumValue(String type, String literal) {
    }

    /**
     * Whether the statement holds the string literal {@code literal} (as written, quotes included),
     * on its own or inside a dollar-quoted body (SQL function bodies are parsed when created).
     */
    public static boolean usesLiteral(SqlStatement s, String literal) {
        if (!s.sql().contains(literal)) {
            return false;
        }
        SqlLexer lex = new SqlLexer("", s.sql(), s.line());
        for (SqlLexer.Token t = lex.next(); t != SqlLexer.Token.END; t = lex.next()) {
            if (t == SqlLexer.Token.STRING && lex.text().equals(literal)
                    || t == SqlLexer.Token.DOLLAR_STRING && lex.text().contains(literal)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A statement's kind for a message about a statement someone else runs, such as
     * {@code CREATE UNIQUE INDEX CONCURRENTLY}: its leading key words only, never its names or
     * values, which may be secrets.
     */
    public static String kindOf(String sql) {
        if (sql == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        try {
            SqlLexer lex = new SqlLexer("", sql, 1);
            int words = 0;
            for (SqlLexer.Token t = lex.next(); t != SqlLexer.Token.END && words < 4; t = lex.next()) {
                if (t == SqlLexer.Token.LINE_COMMENT || t == SqlLexer.Token.BLOCK_COMMENT) {
                    continue;
                }
                if (t != SqlLexer.Token.WORD) {
                    break;
                }
                out.append(words++ == 0 ? "" : " ").append(lex.text().toUpperCase(java.util.Locale.ROOT));
            }
        } catch (RuntimeException unreadable) {
            // A statement cut short in pg_stat_activity: the words read so far say enough.
        }
        return out.length() == 0 ? "a statement" : out + " ...";
    }
}
