package dev.migrate.sql;

import java.util.Locale;
import java.util.Objects;

/**
 * One token of PostgreSQL text, as the engine's lexer reads it: see {@link SqlTokens#of}.
 *
 * @param kind  what it is
 * @param text  the characters as written (a string's quotes and prefix included)
 * @param line  the 1-based line it starts on
 * @param depth its parenthesis depth, 0 at the top level; {@code (} and {@code )} themselves stand at the outer depth
 */
public record SqlToken(Kind kind, String text, int line, int depth) {

    /** What a token is. */
    public enum Kind {
        /** A key word or an unquoted identifier. */
        WORD,
        /** A quoted identifier, {@code "..."}. */
        QUOTED_NAME,
        /** A string constant: {@code '...'}, {@code E'...'} or dollar-quoted {@code $tag$...$tag$}. */
        STRING,
        /** A numeric constant, such as {@code 42}, {@code 1.5} or {@code 1e10}. */
        NUMBER,
        /** An operator or punctuation character; {@code ::} is one token. */
        SYMBOL,
        /** A placeholder left as written, {@code ${name}}. */
        PLACEHOLDER
    }

    public SqlToken {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /** Whether this is the key word {@code word}, in any case. */
    public boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    /** Whether this is the symbol {@code symbol}. */
    public boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /**
     * The identifier as PostgreSQL resolves it: an unquoted word folded to lower case, a quoted
     * name without its quotes; null for other kinds.
     */
    public String name() {
        return switch (kind) {
            case WORD -> text.toLowerCase(Locale.ROOT);
            case QUOTED_NAME -> unquote(text, '"', false);
            default -> null;
        };
    }

    /** The value of a string constant (escapes of an {@code E''} string resolved); the text for other kinds. */
    public String value() {
        if (kind != Kind.STRING) {
            return text;
        }
        if (text.startsWith("$")) {
            int tag = text.indexOf('$', 1) + 1;
            return text.endsWith(text.substring(0, tag)) && text.length() >= 2 * tag
                    ? text.substring(tag, text.length() - tag) : text.substring(tag);
        }
        boolean escapes = text.charAt(0) == 'E' || text.charAt(0) == 'e';
        return unquote(escapes ? text.substring(1) : text, '\'', escapes);
    }

    /** The content between {@code quote}s: doubled quotes stand for one; with {@code escapes}, backslash escapes apply. */
    private static String unquote(String quoted, char quote, boolean escapes) {
        int end = quoted.length() > 1 && quoted.charAt(quoted.length() - 1) == quote ? quoted.length() - 1 : quoted.length();
        StringBuilder out = new StringBuilder(end);
        for (int i = 1; i < end; i++) {
            char c = quoted.charAt(i);
            if (c == quote && i + 1 < end && quoted.charAt(i + 1) == quote) {
                out.append(quote);
                i++;
            } else if (escapes && c == '\\' && i + 1 < end) {
                i = unescape(quoted, i + 1, end, out);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Appends the escape starting at {@code i} (after the backslash); returns the index of its last character. */
    private static int unescape(String s, int i, int end, StringBuilder out) {
        char c = s.charAt(i);
        switch (c) {
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'x', 'u', 'U' -> {
                int max = c == 'x' ? 2 : c == 'u' ? 4 : 8;
                int j = i + 1;
                while (j < end && j - i - 1 < max && Character.digit(s.charAt(j), 16) >= 0) {
                    j++;
                }
                if (j == i + 1) {
                    out.append(c);
                    return i;
                }
                long code = Long.parseLong(s.substring(i + 1, j), 16);
                if (Character.isValidCodePoint((int) code) && code <= Character.MAX_CODE_POINT) {
                    out.appendCodePoint((int) code);
                } else {
                    out.append('\\').append(s, i, j); // not a character (PostgreSQL refuses it): kept as written
                }
                return j - 1;
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int j = i;
                    while (j < end && j - i < 3 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                        j++;
                    }
                    out.append((char) Integer.parseInt(s.substring(i, j), 8));
                    return j - 1;
                }
                out.append(c);
            }
        }
        return i;
    }
}
