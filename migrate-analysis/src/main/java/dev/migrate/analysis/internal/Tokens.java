package dev.migrate.analysis.internal;

import dev.migrate.sql.SqlToken;
import dev.migrate.sql.SqlTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One statement as migrate-core's lexer reads it ({@link SqlTokens}), in the shape classification
 * needs: words (upper-cased keywords; identifiers keep their spelling, quoted ones unquoted),
 * literals, punctuation, each with its parenthesis depth. Comments and whitespace are dropped.
 * Never fails: an unterminated literal or comment simply ends the statement.
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

    /** Splits PostgreSQL statement text into tokens, with migrate-core's lexer. */
    public static Tokens of(String sql) {
        List<SqlToken> tokens = SqlTokens.of(sql);
        List<Token> out = new ArrayList<>(tokens.size());
        for (SqlToken t : tokens) {
            out.add(switch (t.kind()) {
                case WORD -> new Token(Type.WORD, t.text().toUpperCase(Locale.ROOT), t.text(), t.depth());
                case QUOTED_NAME -> new Token(Type.QUOTED, t.name(), t.text(), t.depth());
                // A ${placeholder} left as written: one name, so the statement around it still reads.
                case PLACEHOLDER -> new Token(Type.QUOTED, t.text(), t.text(), t.depth());
                case STRING -> new Token(Type.STRING, t.value(), t.text(), t.depth());
                case NUMBER -> new Token(Type.NUMBER, t.text(), t.text(), t.depth());
                case SYMBOL -> new Token(Type.PUNCT, t.text(), t.text(), t.depth());
            });
        }
        return new Tokens(List.copyOf(out));
    }
}
