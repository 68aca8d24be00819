package dev.migrate.analysis.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One statement as PostgreSQL's lexer would see it, reduced to what classification needs: words
 * (upper-cased keywords; identifiers keep their spelling, quoted ones unquoted), literals,
 * punctuation, each with its parenthesis depth. Comments and whitespace are dropped. Never fails:
 * an unterminated literal or comment simply ends the statement.
 */
public final class Tokens {
    /** What a token is. */
    public enum Type { WORD, QUOTED, STRING, NUMBER, PUNCT }

    /**
     * @param type  what it is
     * @param text  for WORD the upper-cased word; for QUOTED the unquoted identifier; for STRING the
     *              literal's content; otherwise the characters
     * @param raw   the characters as written (for WORD, the original spelling)
     * @param depth parenthesis depth, 0 at top level ({@code (} and {@code )} themselves are at the outer depth)
     */
    public record Token(Type type, String text, String raw, int depth) {
        public boolean is(String word) {
            return type == Type.WORD && text.equals(word);
        }

        public boolean isPunct(String p) {
            return type == Type.PUNCT && text.equals(p);
        }

        /** A name: a word or a quoted identifier, in the case PostgreSQL would fold it to. */
        public boolean isName() {
            return type == Type.WORD || type == Type.QUOTED;
        }

        /** The identifier as PostgreSQL resolves it: unquoted words fold to lower case. */
        public String name() {
            return type == Type.QUOTED ? text : raw.toLowerCase(Locale.ROOT);
        }
    }

    private final List<Token> list;

    private Tokens(List<Token> list) {
        this.list = list;
    }

    public List<Token> all() {
        return list;
    }

    public int size() {
        return list.size();
    }

    public Token get(int i) {
        return i >= 0 && i < list.size() ? list.get(i) : null;
    }

    /** Whether the token at {@code i} is the word {@code word}. */
    public boolean is(int i, String word) {
        Token t = get(i);
        return t != null && t.is(word);
    }

    /** Whether the tokens from {@code i} on are these words, in order. */
    public boolean at(int i, String... words) {
        for (int k = 0; k < words.length; k++) {
            if (!is(i + k, words[k])) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first top-level word {@code word} at or after {@code from}, or -1. */
    public int find(int from, String word) {
        for (int i = Math.max(0, from); i < list.size(); i++) {
            Token t = list.get(i);
            if (t.depth() == 0 && t.is(word)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether any top-level token is the word {@code word}. */
    public boolean hasTopLevel(String word) {
        return find(0, word) >= 0;
    }

    /** Whether any token, at any depth, is the word {@code word}. */
    public boolean hasAnywhere(String word) {
        for (Token t : list) {
            if (t.is(word)) {
                return true;
            }
        }
        return false;
    }

    /** Splits PostgreSQL statement text into tokens. */
    public static Tokens of(String sql) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int depth = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int nest = 1;
                i += 2;
                while (i < n && nest > 0) {
                    if (sql.startsWith("/*", i)) {
                        nest++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        nest--;
                        i += 2;
                    } else {
                        i++;
                    }
                }
            } else if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'')) {
                boolean escapes = c != '\'';
                StringBuilder text = new StringBuilder();
                int end = quoted(sql, escapes ? i + 1 : i, '\'', escapes, text);
                out.add(new Token(Type.STRING, text.toString(), sql.substring(i, end), depth));
                i = end;
            } else if (c == '"') {
                StringBuilder text = new StringBuilder();
                int end = quoted(sql, i, '"', false, text);
                out.add(new Token(Type.QUOTED, text.toString(), sql.substring(i, end), depth));
                i = end;
            } else if (c == '$' && i + 1 < n && sql.charAt(i + 1) == '{' && sql.indexOf('}', i) > 0) {
                // A ${placeholder} left as written: one name, so the statement around it still reads.
                int end = sql.indexOf('}', i) + 1;
                out.add(new Token(Type.QUOTED, sql.substring(i, end), sql.substring(i, end), depth));
                i = end;
            } else if (c == '$' && dollarTagEnd(sql, i) > 0) {
                int tagEnd = dollarTagEnd(sql, i);
                String tag = sql.substring(i, tagEnd);
                int close = sql.indexOf(tag, tagEnd);
                int end = close < 0 ? n : close + tag.length();
                out.add(new Token(Type.STRING, sql.substring(tagEnd, close < 0 ? n : close), sql.substring(i, end), depth));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                String raw = sql.substring(start, i);
                out.add(new Token(Type.WORD, raw.toUpperCase(Locale.ROOT), raw, depth));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Type.NUMBER, sql.substring(start, i), sql.substring(start, i), depth));
            } else if (c == '(') {
                out.add(new Token(Type.PUNCT, "(", "(", depth));
                depth++;
                i++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
                out.add(new Token(Type.PUNCT, ")", ")", depth));
                i++;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.add(new Token(Type.PUNCT, "::", "::", depth));
                i += 2;
            } else {
                out.add(new Token(Type.PUNCT, String.valueOf(c), String.valueOf(c), depth));
                i++;
            }
        }
        return new Tokens(List.copyOf(out));
    }

    /**
     * Reads a quoted string or identifier opening at {@code i} ({@code quote} there) into
     * {@code text}, a doubled quote standing for one, and with {@code backslash} also C-style
     * escapes; returns the index after the closing quote, or the end of the text when it never closes.
     */
    private static int quoted(String sql, int i, char quote, boolean backslash, StringBuilder text) {
        int n = sql.length();
        i++;
        while (i < n) {
            char d = sql.charAt(i);
            if (backslash && d == '\\' && i + 1 < n) {
                text.append(sql.charAt(i + 1));
                i += 2;
            } else if (d == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    text.append(quote);
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                text.append(d);
                i++;
            }
        }
        return n;
    }

    /** The end of a dollar-quote opening tag ({@code $$} or {@code $tag$}) starting at {@code i}, or -1. */
    private static int dollarTagEnd(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            if (j == i + 1 && Character.isDigit(sql.charAt(j))) {
                return -1;
            }
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? j + 1 : -1;
    }
}
