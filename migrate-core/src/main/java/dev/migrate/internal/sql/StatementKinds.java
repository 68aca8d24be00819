package dev.migrate.internal.sql;

import java.util.regex.Pattern;

/** What the engine must know about a statement before running it, read from its leading words. */
public final class StatementKinds {
    private static final Pattern COPY_STDIO = Pattern.compile("(?is).*\\b(FROM\\s+STDIN|TO\\s+STDOUT)\\b.*");

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

    /** Whether it is {@code COPY ... FROM STDIN} or {@code COPY ... TO STDOUT}, which only psql can feed. */
    public static boolean isCopyStdio(SqlStatement s) {
        return s.word(0).equals("COPY") && COPY_STDIO.matcher(s.sql()).matches();
    }
}
