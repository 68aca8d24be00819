package dev.migrate.internal.sql;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.ValidationProblem;
import dev.migrate.internal.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a PostgreSQL script into statements the way the server's own grammar (and psql) sees it:
 * a semicolon ends a statement only outside quotes ({@code '...'}, {@code E'...'} with backslash
 * escapes, {@code "..."}), dollar quotes with tags, nested block comments, line comments,
 * parentheses, and the bodies of {@code BEGIN ATOMIC ... END} routines. The last statement needs
 * no semicolon. psql meta-commands and {@code COPY ... FROM STDIN} are refused: they are not SQL
 * (or need psql to feed them), and the server would reject them after earlier statements had
 * already run.
 *
 * <p>Input must have {@code \n} line ends (see {@code Scripts.decode}).
 */
public final class SqlSplitter {
    private static final int MAX_WORDS = 16;
    private static final Set<String> KNOWN_DIRECTIVES = Set.of(Directive.NO_TRANSACTION, Directive.ALLOW, Directive.STRATEGY);

    private final String script;
    private final String sql;

    private SqlSplitter(String script, String sql) {
        this.script = script;
        this.sql = sql;
    }

    /**
     * Splits {@code sql}.
     *
     * @param script the script's name, for error messages
     * @throws InvalidMigrationException on an unterminated quote or comment, a psql meta-command,
     *                                   {@code COPY ... FROM STDIN} or {@code TO STDOUT}, or an
     *                                   unknown {@code -- migrate:} directive
     */
    public static SqlScript split(String script, String sql) {
        return new SqlSplitter(script, sql).run();
    }

    private SqlScript run() {
        List<SqlStatement> statements = new ArrayList<>();
        List<Directive> directives = new ArrayList<>();
        SqlLexer lex = new SqlLexer(script, sql, 1);
        int start = -1;
        int startLine = 0;
        int parens = 0;
        int atomicDepth = 0;
        boolean previousWasBegin = false;
        boolean previousWasAs = false;
        Copy copy = new Copy();
        List<String> words = new ArrayList<>();

        for (Token t = lex.next(); t != Token.END; t = lex.next()) {
            if (t == Token.LINE_COMMENT) {
                Directive directive = directive(lex.text().substring(2).strip(), lex.line());
                if (directive != null) {
                    directives.add(directive);
                }
                continue;
            }
            if (t == Token.BLOCK_COMMENT) {
                continue;
            }
            if (start < 0) {
                if (lex.isSymbol(';')) {
                    continue;
                }
                start = lex.start();
                startLine = lex.line();
                copy.reset();
            }
            switch (t) {
                case SYMBOL -> {
                    char c = lex.first();
                    if (c == ';' && parens <= 0 && atomicDepth == 0) {
                        copy.refuse(startLine);
                        statements.add(new SqlStatement(startLine, sql.substring(start, lex.start()).strip(), List.copyOf(words)));
                        start = -1;
                        parens = 0;
                        previousWasBegin = false;
                        words.clear();
                    } else if (c == '(') {
                        parens++;
                    } else if (c == ')') {
                        parens--;
                    } else if (c == '\\') {
                        throw metaCommand(lex);
                    }
                }
                case ESCAPE_STRING -> previousWasBegin = false;
                case WORD -> {
                    String word = lex.text();
                    if (words.size() < MAX_WORDS) {
                        words.add(word.toUpperCase(Locale.ROOT));
                    }
                    copy.word(word, parens, words.size() == 1);
                    if (atomicDepth > 0) {
                        boolean label = previousWasAs || lex.start() > 0 && sql.charAt(lex.start() - 1) == '.';
                        if (word.equalsIgnoreCase("CASE") && !label) {
                            atomicDepth++;
                        } else if (word.equalsIgnoreCase("END") && !label) {
                            atomicDepth--;
                        }
                    } else if (previousWasBegin && word.equalsIgnoreCase("ATOMIC") && isRoutine(words)) {
                        atomicDepth = 1;
                    }
                    previousWasBegin = word.equalsIgnoreCase("BEGIN");
                    previousWasAs = word.equalsIgnoreCase("AS");
                }
                default -> {
                    // Strings, quoted names, numbers: nothing that ends or opens anything.
                }
            }
        }
        if (start >= 0) {
            String last = sql.substring(start).strip();
            if (atomicDepth > 0) {
                throw problem(ErrorCode.SQL_SYNTAX, startLine, "BEGIN ATOMIC body starting in the statement at line "
                        + startLine + " has no matching END.", "Close the routine body with END, then a semicolon.");
            }
            copy.refuse(startLine);
            statements.add(new SqlStatement(startLine, last, List.copyOf(words)));
        }
        return new SqlScript(statements, directives);
    }

    /**
     * Watches a statement for {@code COPY ... FROM STDIN} or {@code TO STDOUT}: over JDBC no one
     * sends or reads the rows, and the data lines psql would send after the statement are not SQL.
     */
    private final class Copy {
        private boolean isCopy;
        private String previous = "";
        private String stdio;

        void reset() {
            isCopy = false;
            previous = "";
            stdio = null;
        }

        void word(String word, int parens, boolean first) {
            if (first) {
                isCopy = word.equalsIgnoreCase("COPY");
            }
            if (isCopy && parens == 0 && stdio == null) {
                if (word.equalsIgnoreCase("STDIN") && previous.equalsIgnoreCase("FROM")
                        || word.equalsIgnoreCase("STDOUT") && previous.equalsIgnoreCase("TO")) {
                    stdio = previous.toUpperCase(Locale.ROOT) + " " + word.toUpperCase(Locale.ROOT);
                }
            }
            previous = word;
        }

        void refuse(int line) {
            if (stdio != null) {
                throw problem(ErrorCode.COPY_STDIN, line, "COPY ... " + stdio + " at line " + line + (stdio.startsWith("FROM")
                                ? " reads rows that psql sends after the statement (up to a line \\.); over JDBC no one sends them,"
                                + " and the data lines are not SQL."
                                : " writes rows for psql to read; over JDBC no one reads them."),
                        "Write the rows as INSERT ... VALUES, or COPY from a server-side file the database can read"
                                + " (or a Java migration using the driver's CopyManager).");
            }
        }
    }

    private static boolean isRoutine(List<String> words) {
        if (words.isEmpty() || !words.get(0).equals("CREATE")) {
            return false;
        }
        for (int i = 1; i < Math.min(words.size(), 5); i++) {
            String w = words.get(i);
            if (w.equals("FUNCTION") || w.equals("PROCEDURE")) {
                return true;
            }
        }
        return false;
    }

    private Directive directive(String comment, int line) {
        if (!comment.startsWith("migrate:")) {
            return null;
        }
        String body = comment.substring("migrate:".length()).strip();
        int space = body.indexOf(' ');
        String name = space < 0 ? body : body.substring(0, space);
        String arguments = space < 0 ? "" : body.substring(space + 1).strip();
        if (!KNOWN_DIRECTIVES.contains(name)) {
            throw problem(ErrorCode.SQL_SYNTAX, line, "Unknown directive '-- migrate:" + name + "'.",
                    "Use one of: -- migrate:no-transaction, -- migrate:allow <rule-id> reason=\"...\","
                            + " -- migrate:strategy expand-contract; "
                            + "or write it as a plain comment without 'migrate:'.");
        }
        return new Directive(line, name, arguments);
    }

    private InvalidMigrationException metaCommand(SqlLexer lex) {
        int end = lex.start() + 1;
        while (end < sql.length() && !Character.isWhitespace(sql.charAt(end))) {
            end++;
        }
        String command = sql.substring(lex.start(), end);
        return problem(ErrorCode.PSQL_META_COMMAND, lex.line(), "'" + command + "' is a psql meta-command, not SQL; the"
                        + " server cannot run it.",
                "Remove it. Connection, variables and includes belong in the Migrator's configuration"
                        + " (placeholders replace psql variables); split included files into their own migrations.");
    }

    private InvalidMigrationException problem(ErrorCode code, int atLine, String message, String fix) {
        return new InvalidMigrationException(new ValidationProblem(code, script, atLine, message, fix));
    }

}
