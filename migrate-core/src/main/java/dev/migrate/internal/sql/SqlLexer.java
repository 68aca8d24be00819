package dev.migrate.internal.sql;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.ValidationProblem;

/**
 * PostgreSQL's tokens, one at a time, as the server's lexer sees them: words, numbers, quoted
 * names ({@code "..."}), strings ({@code '...'}, {@code E'...'} with backslash escapes), dollar
 * quotes with tags, nested block comments, line comments, and single symbol characters. A
 * cursor rather than a list, so that splitting a long script allocates nothing per token.
 *
 * <p>Input must have {@code \n} line ends (see {@code Scripts.decode}). Strings are read with
 * {@code standard_conforming_strings} on, PostgreSQL's default since 9.1.
 */
public final class SqlLexer {
    /** What a token is. */
    public enum Token {
        /** An unquoted identifier or key word. */
        WORD,
        /** Digits, with what follows them up to a non-identifier character. */
        NUMBER,
        /** {@code "..."}. */
        QUOTED_NAME,
        /** {@code '...'}. */
        STRING,
        /** {@code E'...'}: backslash escapes apply. */
        ESCAPE_STRING,
        /** {@code $tag$...$tag$}. */
        DOLLAR_STRING,
        /** {@code -- ...} up to the end of the line. */
        LINE_COMMENT,
        /** {@code /* ... *}{@code /}, nested. */
        BLOCK_COMMENT,
        /** Any other single character: {@code ; ( ) , . :} and operator characters. */
        SYMBOL,
        /** No more input. */
        END
    }

    private final String script;
    private final String sql;
    private final int length;
    private int pos;
    private int line;
    private int start;
    private int startLine;
    private Token token;

    /**
     * @param script    the script's name, for error messages
     * @param sql       the text to read
     * @param firstLine the script line {@code sql} starts on
     */
    public SqlLexer(String script, String sql, int firstLine) {
        this.script = script;
        this.sql = sql;
        this.length = sql.length();
        this.line = firstLine;
    }

    /**
     * Reads the next token.
     *
     * @throws InvalidMigrationException on an unterminated quote, dollar quote or block comment,
     *                                   naming the line where it opens
     */
    public Token next() {
        while (pos < length) {
            char c = sql.charAt(pos);
            if (c == '\n') {
                line++;
            } else if (!isSpace(c)) {
                break;
            }
            pos++;
        }
        start = pos;
        startLine = line;
        if (pos >= length) {
            return token = Token.END;
        }
        char c = sql.charAt(pos);
        if (c == '-' && peek(1) == '-') {
            // As in the server's lexer and pgjdbc's parser, a carriage return ends the comment too.
            int end = pos + 2;
            while (end < length && sql.charAt(end) != '\n' && sql.charAt(end) != '\r') {
                end++;
            }
            pos = end;
            return token = Token.LINE_COMMENT;
        }
        if (c == '/' && peek(1) == '*') {
            skipBlockComment();
            return token = Token.BLOCK_COMMENT;
        }
        switch (c) {
            case '\'' -> {
                skipQuoted('\'', false);
                return token = Token.STRING;
            }
            case '"' -> {
                skipQuoted('"', false);
                return token = Token.QUOTED_NAME;
            }
            case '$' -> {
                if (skipDollarQuote()) {
                    return token = Token.DOLLAR_STRING;
                }
                pos++;
                return token = Token.SYMBOL;
            }
            default -> {
                if (isIdentifierStart(c)) {
                    while (pos < length && isIdentifierPart(sql.charAt(pos))) {
                        pos++;
                    }
                    if (pos - start == 1 && (c == 'E' || c == 'e') && pos < length && sql.charAt(pos) == '\'') {
                        skipQuoted('\'', true);
                        return token = Token.ESCAPE_STRING;
                    }
                    return token = Token.WORD;
                }
                if (Character.isDigit(c)) {
                    while (pos < length && isIdentifierPart(sql.charAt(pos))) {
                        pos++;
                    }
                    return token = Token.NUMBER;
                }
                pos++;
                return token = Token.SYMBOL;
            }
        }
    }

    /** Reads {@code count} tokens: the current one is then the {@code count}-th of the text (from the start). */
    public Token advance(int count) {
        for (int i = 1; i < count; i++) {
            next();
        }
        return next();
    }

    /** The token {@link #next()} last read. */
    public Token token() {
        return token;
    }

    /** Where the current token starts in the text. */
    public int start() {
        return start;
    }

    /** Where the current token ends (exclusive). */
    public int end() {
        return pos;
    }

    /** The script line the current token starts on. */
    public int line() {
        return startLine;
    }

    /** The current token's text, as written. */
    public String text() {
        return sql.substring(start, pos);
    }

    /** The text being read. */
    public String source() {
        return sql;
    }

    /** The current token's first character. */
    public char first() {
        return sql.charAt(start);
    }

    /** Whether the current token is the word {@code upper}, in any case. */
    public boolean isWord(String upper) {
        return token == Token.WORD && pos - start == upper.length() && sql.regionMatches(true, start, upper, 0, upper.length());
    }

    /** Whether the current token is the symbol {@code c}. */
    public boolean isSymbol(char c) {
        return token == Token.SYMBOL && sql.charAt(start) == c;
    }

    /** Continues reading at {@code position} (at or after the current one), counting the lines skipped. */
    public void skipTo(int position) {
        for (int i = pos; i < position; i++) {
            if (sql.charAt(i) == '\n') {
                line++;
            }
        }
        pos = position;
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
            throw problem(openedAt, "Block comment opened at line " + openedAt + " is never closed"
                    + (nested ? " (comments nest in PostgreSQL: each /* needs its own */)." : "."), "Close it with */.");
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
        pos = Math.min(pos, length);
        String what = quote == '"' ? "Quoted identifier" : backslashEscapes ? "E'' string" : "String literal";
        throw problem(openedAt, what + " opened at line " + openedAt + " is never closed.",
                "Close it with " + quote + " (write " + quote + quote + " for a literal " + quote + " inside it).");
    }

    /** Skips a dollar-quoted string starting at {@code pos}; false when the {@code $} does not open one. */
    private boolean skipDollarQuote() {
        int tagEnd = pos + 1;
        if (tagEnd < length && sql.charAt(tagEnd) != '$') {
            if (!isTagStart(sql.charAt(tagEnd))) {
                return false;
            }
            while (tagEnd < length && isTagPart(sql.charAt(tagEnd))) {
                tagEnd++;
            }
            if (tagEnd >= length || sql.charAt(tagEnd) != '$') {
                return false;
            }
        }
        if (tagEnd >= length) {
            return false;
        }
        String delimiter = sql.substring(pos, tagEnd + 1);
        int openedAt = line;
        int close = sql.indexOf(delimiter, tagEnd + 1);
        if (close < 0) {
            throw problem(openedAt, "Dollar-quoted text " + delimiter + " opened at line " + openedAt + " is never closed.",
                    "Close it with the same delimiter " + delimiter + ".");
        }
        for (int i = tagEnd + 1; i < close; i++) {
            if (sql.charAt(i) == '\n') {
                line++;
            }
        }
        pos = close + delimiter.length();
        return true;
    }

    private InvalidMigrationException problem(int atLine, String message, String fix) {
        return new InvalidMigrationException(new ValidationProblem(ErrorCode.SQL_SYNTAX, script, atLine, message, fix));
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < length ? sql.charAt(i) : '\0';
    }

    /** The server's white space: space, tab, carriage return, form feed, vertical tab (and new line, counted apart). */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B';
    }

    static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c > 127;
    }

    static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
    }

    private static boolean isTagStart(char c) {
        return Character.isLetter(c) || c == '_' || c > 127;
    }

    private static boolean isTagPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c > 127;
    }
}
