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
                return s.hasWord("SCHEMA") || s.hasWord("DATABASE") || s.hasWord("SYSTEM") ? "REINDEX SCHEMA/DATABASE/SYSTEM" : null;
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

    /** Why a migration cannot use this transaction control, or null: PREPARE TRANSACTION, ... AND CHAIN. */
    public static String unsupportedTransactionControl(SqlStatement s) {
        if (s.startsWith("PREPARE", "TRANSACTION")) {
            return "PREPARE TRANSACTION leaves the work prepared, not committed";
        }
        if (isTransactionControl(s) && s.hasWord("CHAIN") && !s.hasWord("NO")) {
            return s.word(0) + " AND CHAIN opens the next transaction at once, so what a run has durably done cannot be told";
        }
        return null;
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
        return s.word(0).equals("SET") && !s.word(1).equals("LOCAL") && !s.word(1).equals("TRANSACTION")
                && !s.word(1).equals("CONSTRAINTS")
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
        String sql = withoutTrailingComments(s.sql());
        String rest = sql.substring(afterFirstWord(sql)).strip();
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

    /** {@code sql} without the comments after its last token. */
    private static String withoutTrailingComments(String sql) {
        SqlLexer lex = new SqlLexer("", sql, 1);
        int end = 0;
        for (SqlLexer.Token t = lex.next(); t != SqlLexer.Token.END; t = lex.next()) {
            if (t != SqlLexer.Token.LINE_COMMENT && t != SqlLexer.Token.BLOCK_COMMENT) {
                end = lex.end();
            }
        }
        return sql.substring(0, end);
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
        if (!mentions(s.sql(), "pg_advisory_unlock_all")) {
            return null;
        }
        // Called in the statement, or in a DO block it runs; not in a string, a comment or a routine it only defines.
        SqlLexer lex = new SqlLexer("", s.sql(), s.line());
        boolean runsBody = s.word(0).equals("DO");
        for (SqlLexer.Token t = lex.next(); t != SqlLexer.Token.END; t = lex.next()) {
            if (t == SqlLexer.Token.WORD && lex.text().equalsIgnoreCase("pg_advisory_unlock_all")
                    || runsBody && t == SqlLexer.Token.DOLLAR_STRING && mentions(lex.text(), "pg_advisory_unlock_all")) {
                return "pg_advisory_unlock_all()";
            }
        }
        return null;
    }

    /**
     * Whether the statement may change session settings in a way a resumed run cannot repeat by
     * replaying it: a procedure CALL, {@code set_config}, {@code RESET ALL}, or a DO block whose body
     * calls {@code set_config} or runs a SET. (A plain SET or RESET is replayed; SET LOCAL, SET
     * TRANSACTION and DISCARD TEMP leave nothing behind.)
     */
    public static boolean setsSettingsUnrepeatably(SqlStatement s) {
        if (s.word(0).equals("CALL") || s.startsWith("RESET", "ALL") || mentions(s.sql(), "set_config")) {
            return true;
        }
        if (!s.word(0).equals("DO")) {
            return false;
        }
        SqlLexer lex = new SqlLexer("", s.sql(), s.line());
        for (SqlLexer.Token t = lex.next(); t != SqlLexer.Token.END; t = lex.next()) {
            if (t == SqlLexer.Token.DOLLAR_STRING && runsSet(lex.text())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a PL/pgSQL body has a SET statement: SET where a statement starts (after ';', BEGIN, THEN, ELSE, LOOP). */
    private static boolean runsSet(String body) {
        int open = body.indexOf('$', 1) + 1;
        SqlLexer lex = new SqlLexer("", body.substring(open, body.length() - open), 1);
        String previous = ";";
        try {
            for (SqlLexer.Token t = lex.next(); t != SqlLexer.Token.END; t = lex.next()) {
                if (t == SqlLexer.Token.LINE_COMMENT || t == SqlLexer.Token.BLOCK_COMMENT) {
                    continue;
                }
                if (lex.isWord("SET") && (previous.equals(";") || previous.equals("BEGIN") || previous.equals("THEN")
                        || previous.equals("ELSE") || previous.equals("LOOP"))) {
                    return true;
                }
                previous = lex.text().toUpperCase(java.util.Locale.ROOT);
            }
        } catch (RuntimeException unreadable) {
            return true;
        }
        return false;
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
            int start = i - offset;
            int end = start + word.length();
            if (start >= 0 && sql.regionMatches(true, start, word, 0, word.length())
                    && (start == 0 || !SqlLexer.isIdentifierPart(sql.charAt(start - 1)))
                    && (end >= sql.length() || !SqlLexer.isIdentifierPart(sql.charAt(end)))) {
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
