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

    /**
     * Whether the statement ends the transaction block it runs in: COMMIT, END, ROLLBACK (not to a
     * savepoint), ABORT, PREPARE TRANSACTION; not {@code ... AND CHAIN}, which opens the next one.
     */
    public static boolean endsBlock(SqlStatement s) {
        return isTransactionControl(s) && !isBegin(s) && !(s.hasWord("CHAIN") && !s.hasWord("NO"));
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
        lex.advance(3);
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
        lex.advance(3);
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

    /** Whether the statement is a plain {@code SET} or {@code RESET} of the session (not {@code SET LOCAL}). */
    public static boolean isSessionSet(SqlStatement s) {
        return (s.word(0).equals("SET") && !s.word(1).equals("LOCAL") && !s.word(1).equals("TRANSACTION")
                && !s.startsWith("SET", "SESSION", "CHARACTERISTICS") && !s.word(1).equals("CONSTRAINTS"))
                || s.word(0).equals("RESET") && !s.word(1).equals("ALL");
    }

    /**
     * A {@link #isSessionSet session SET or RESET} as the same change for the current transaction
     * only ({@code SET LOCAL ...}), or null when it has no such form.
     */
    public static String asLocal(SqlStatement s) {
        if (!isSessionSet(s)) {
            return null;
        }
        String rest = s.sql().substring(afterFirstWord(s.sql())).strip();
        if (s.word(0).equals("RESET")) {
            return s.word(1).equals("ROLE") ? "SET LOCAL ROLE NONE"
                    : s.startsWith("RESET", "SESSION", "AUTHORIZATION") ? "SET LOCAL SESSION AUTHORIZATION DEFAULT"
                    : "SET LOCAL " + rest + " TO DEFAULT";
        }
        if (s.word(1).equals("SESSION") && !s.word(2).equals("AUTHORIZATION")) {
            rest = rest.substring(afterFirstWord(rest)).strip();
        }
        return "SET LOCAL " + rest;
    }

    /** The position after the first word of {@code sql}, past any comment before it. */
    private static int afterFirstWord(String sql) {
        SqlLexer lex = new SqlLexer("", sql, 1);
        for (SqlLexer.Token t = lex.next(); t != SqlLexer.Token.END; t = lex.next()) {
            if (t == SqlLexer.Token.WORD) {
                return lex.end();
            }
        }
        return sql.length();
    }

    /**
     * Why the statement would release the engine's migration lock, or null: {@code DISCARD ALL} and
     * {@code pg_advisory_unlock_all()} release every session-level advisory lock, and the lock lives
     * on the session the migrations run in.
     */
    public static String releasesAdvisoryLocks(SqlStatement s) {
        if (s.startsWith("DISCARD", "ALL")) {
            return "DISCARD ALL";
        }
        return mentions(s.sql(), "pg_advisory_unlock_all") ? "pg_advisory_unlock_all()" : null;
    }

    /**
     * Whether the statement may change session settings beyond what a plain statement does:
     * {@code SET}, {@code RESET}, {@code DISCARD}, a {@code DO} block or procedure {@code CALL}
     * (whose code may {@code SET}), or a call of {@code set_config}. Functions and triggers that
     * set settings from inside ordinary statements are not seen.
     */
    public static boolean maySetSettings(SqlStatement s) {
        return switch (s.word(0)) {
            case "SET", "RESET", "DISCARD", "DO", "CALL" -> true;
            default -> mentions(s.sql(), "set_config");
        };
    }

    /**
     * Whether {@code sql} has {@code word} (which holds an underscore) in any case: looked for at
     * each underscore, which is rare in SQL, so without copying the text.
     */
    private static boolean mentions(String sql, String word) {
        int offset = word.indexOf('_');
        for (int i = sql.indexOf('_'); i >= 0; i = sql.indexOf('_', i + 1)) {
            if (i >= offset && sql.regionMatches(true, i - offset, word, 0, word.length())) {
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
