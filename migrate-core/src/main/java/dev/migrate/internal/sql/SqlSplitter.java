package dev.migrate.internal.sql;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.ValidationProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a PostgreSQL script into statements the way the server's own grammar (and psql) sees it:
 * a semicolon ends a statement only outside quotes ({@code '...'}, {@code E'...'} with backslash
 * escapes, {@code "..."}), dollar quotes with tags, nested block comments, line comments,
 * parentheses, and the bodies of {@code BEGIN ATOMIC ... END} routines. The last statement needs
 * no semicolon. psql meta-commands are refused: they are not SQL and the server would reject them
 * after earlier statements had already run.
 *
 * <p>Input must have {@code \n} line ends (see {@code Scripts.decode}).
 */
public final class SqlSplitter {
    private static final int MAX_WORDS = 16;
    private static final Set<String> KNOWN_DIRECTIVES = Set.of(Directive.NO_TRANSACTION, Directive.ALLOW);

    private final String script;
    private final String sql;
    private final int length;
    private int pos;
    private int line = 1;

    private SqlSplitter(String script, String sql) {
        this.script = script;
        this.sql = sql;
        this.length = sql.length();
    }

    /**
     * Splits {@code sql}.
     *
     * @param script the script's name, for error messages
     * @throws InvalidMigrationException on an unterminated quote or comment, a psql meta-command or
     *                                   an unknown {@code -- migrate:} directive
     */
    public static SqlScript split(String script, String sql) {
        return new SqlSplitter(script, sql).run();
    }

    private SqlScript run() {
        List<SqlStatement> statements = new ArrayList<>();
        List<Directive> directives = new ArrayList<>();
        int start = -1;
        int startLine = 0;
        int parens = 0;
        int atomicDepth = 0;
        boolean previousWasBegin = false;
        boolean previousWasAs = false;
        List<String> words = new ArrayList<>();

        while (pos < length) {
            char c = sql.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                pos++;
                continue;
            }
            if (c == '-' && peek(1) == '-') {
                int end = sql.indexOf('\n', pos);
                end = end < 0 ? length : end;
                Directive directive = directive(sql.substring(pos + 2, end).strip());
                if (directive != null) {
                    directives.add(directive);
                }
                pos = end;
                continue;
            }
            if (c == '/' && peek(1) == '*') {
                skipBlockComment();
                continue;
            }
            if (start < 0) {
                if (c == ';') {
                    pos++;
                    continue;
                }
                start = pos;
                startLine = line;
            }
            if (c == ';' && parens <= 0 && atomicDepth == 0) {
                statements.add(new SqlStatement(startLine, sql.substring(start, pos).strip(), List.copyOf(words)));
                start = -1;
                parens = 0;
                previousWasBegin = false;
                words.clear();
                pos++;
                continue;
            }
            switch (c) {
                case '\'' -> skipQuoted('\'', false);
                case '"' -> skipQuoted('"', false);
                case '$' -> skipDollar();
                case '(' -> {
                    parens++;
                    pos++;
                }
                case ')' -> {
                    parens--;
                    pos++;
                }
                case '\\' -> throw metaCommand();
                default -> {
                    if (isIdentifierStart(c)) {
                        int wordStart = pos;
                        while (pos < length && isIdentifierPart(sql.charAt(pos))) {
                            pos++;
                        }
                        if (pos - wordStart == 1 && (c == 'E' || c == 'e') && pos < length && sql.charAt(pos) == '\'') {
                            skipQuoted('\'', true);
                            previousWasBegin = false;
                            continue;
                        }
                        String word = sql.substring(wordStart, pos);
                        if (words.size() < MAX_WORDS) {
                            words.add(word.toUpperCase(Locale.ROOT));
                        }
                        if (atomicDepth > 0) {
                            boolean label = previousWasAs || wordStart > 0 && sql.charAt(wordStart - 1) == '.';
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
                    } else if (Character.isDigit(c)) {
                        while (pos < length && isIdentifierPart(sql.charAt(pos))) {
                            pos++;
                        }
                    } else {
                        pos++;
                    }
                }
            }
        }
        if (start >= 0) {
            String last = sql.substring(start).strip();
            if (atomicDepth > 0) {
                throw problem(ErrorCode.SQL_SYNTAX, startLine, "BEGIN ATOMIC body starting in the statement at line "
                        + startLine + " has no matching END.", "Close the routine body with END, then a semicolon.");
            }
            statements.add(new SqlStatement(startLine, last, List.copyOf(words)));
        }
        return new SqlScript(statements, directives);
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

    private Directive directive(String comment) {
        if (!comment.startsWith("migrate:")) {
            return null;
        }
        String body = comment.substring("migrate:".length()).strip();
        int space = body.indexOf(' ');
        String name = space < 0 ? body : body.substring(0, space);
        String arguments = space < 0 ? "" : body.substring(space + 1).strip();
        if (!KNOWN_DIRECTIVES.contains(name)) {
            throw problem(ErrorCode.SQL_SYNTAX, line, "Unknown directive '-- migrate:" + name + "'.",
                    "Use one of: -- migrate:no-transaction, -- migrate:allow <rule-id> reason=\"...\"; "
                            + "or write it as a plain comment without 'migrate:'.");
        }
        return new Directive(line, name, arguments);
    }

    private void skipBlockComment() {
        int openedAt = line;
        int depth = 1;
        boolean nested = false;
        pos += 2;
        while (pos < length && depth > 0) {
            char c = sql.charAt(pos);
            if (c == '/' && peek(1) == '*') {
                depth++;
                nested = true;
                pos += 2;
            } else if (c == '*' && peek(1) == '/') {
                depth--;
                pos += 2;
            } else {
                if (c == '\n') {
                    line++;
                }
                pos++;
            }
        }
        if (depth > 0) {
            throw problem(ErrorCode.SQL_SYNTAX, openedAt, "Block comment opened at line " + openedAt + " is never closed"
                    + (nested ? " (comments nest in PostgreSQL: each /* needs its own */)." : "."),
                    "Close it with */.");
        }
    }

    private void skipQuoted(char quote, boolean backslashEscapes) {
        int openedAt = line;
        pos++;
        while (pos < length) {
            char c = sql.charAt(pos);
            if (c == '\n') {
                line++;
            } else if (backslashEscapes && c == '\\') {
                if (peek(1) == '\n') {
                    line++;
                }
                pos += 2;
                continue;
            } else if (c == quote) {
                if (peek(1) == quote) {
                    pos += 2;
                    continue;
                }
                pos++;
                return;
            }
            pos++;
        }
        String what = quote == '"' ? "Quoted identifier" : backslashEscapes ? "E'' string" : "String literal";
        throw problem(ErrorCode.SQL_SYNTAX, openedAt, what + " opened at line " + openedAt + " is never closed.",
                "Close it with " + quote + " (write " + quote + quote + " for a literal " + quote + " inside it).");
    }

    private void skipDollar() {
        int tagEnd = pos + 1;
        if (tagEnd < length && sql.charAt(tagEnd) != '$') {
            if (!isTagStart(sql.charAt(tagEnd))) {
                pos++;
                return;
            }
            while (tagEnd < length && isTagPart(sql.charAt(tagEnd))) {
                tagEnd++;
            }
            if (tagEnd >= length || sql.charAt(tagEnd) != '$') {
                pos++;
                return;
            }
        }
        if (tagEnd >= length) {
            pos++;
            return;
        }
        String delimiter = sql.substring(pos, tagEnd + 1);
        int openedAt = line;
        int close = sql.indexOf(delimiter, tagEnd + 1);
        if (close < 0) {
            throw problem(ErrorCode.SQL_SYNTAX, openedAt, "Dollar-quoted text " + delimiter + " opened at line " + openedAt
                    + " is never closed.", "Close it with the same delimiter " + delimiter + ".");
        }
        for (int i = tagEnd + 1; i < close; i++) {
            if (sql.charAt(i) == '\n') {
                line++;
            }
        }
        pos = close + delimiter.length();
    }

    private InvalidMigrationException metaCommand() {
        int end = pos + 1;
        while (end < length && !Character.isWhitespace(sql.charAt(end))) {
            end++;
        }
        String command = sql.substring(pos, end);
        return problem(ErrorCode.PSQL_META_COMMAND, line, "'" + command + "' is a psql meta-command, not SQL; the"
                        + " server cannot run it.",
                "Remove it. Connection, variables and includes belong in the Migrator's configuration"
                        + " (placeholders replace psql variables); split included files into their own migrations.");
    }

    private InvalidMigrationException problem(ErrorCode code, int atLine, String message, String fix) {
        return new InvalidMigrationException(new ValidationProblem(code, script, atLine, message, fix));
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < length ? sql.charAt(i) : '\0';
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c > 127;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
    }

    private static boolean isTagStart(char c) {
        return Character.isLetter(c) || c == '_' || c > 127;
    }

    private static boolean isTagPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c > 127;
    }
}
