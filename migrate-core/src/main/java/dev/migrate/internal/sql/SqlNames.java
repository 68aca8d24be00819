package dev.migrate.internal.sql;

import dev.migrate.internal.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;

/**
 * Names as statements write them: {@code orders}, {@code "Orders"}, {@code app.orders}. PostgreSQL
 * folds an unquoted name to lower case and keeps a quoted one as it is, which is what
 * {@link Name#parts()} holds.
 */
public final class SqlNames {
    private SqlNames() {
    }

    /**
     * A name read from a statement.
     *
     * @param parts each part as PostgreSQL stores it (unquoted names lower-cased, quotes removed)
     * @param sql   the name as written, for {@code to_regclass} and messages
     */
    public record Name(List<String> parts, String sql) {
        /** The last part: the object's own name, without its schema. */
        public String object() {
            return parts.get(parts.size() - 1);
        }

        /** The parts joined with dots. */
        public String normalised() {
            return String.join(".", parts);
        }
    }

    /**
     * Reads the name that starts at the lexer's current token, leaving the lexer on the token after
     * it; null (and the lexer where it was) when the current token is not a name.
     */
    public static Name read(SqlLexer lex, String sql) {
        if (lex.token() != Token.WORD && lex.token() != Token.QUOTED_NAME) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        int start = lex.start();
        int end;
        while (true) {
            parts.add(part(lex));
            end = lex.end();
            lex.next();
            if (!lex.isSymbol('.') || lex.start() != end) {
                break;
            }
            lex.next();
            if (lex.token() != Token.WORD && lex.token() != Token.QUOTED_NAME) {
                break;
            }
        }
        return new Name(List.copyOf(parts), sql.substring(start, end));
    }

    /** Like {@link #read(SqlLexer, String)}, the name normalised, or null. */
    static String qualifiedName(SqlLexer lex) {
        return lex.token() == Token.WORD || lex.token() == Token.QUOTED_NAME ? read(lex, lex.source()).normalised() : null;
    }

    /**
     * A name as PostgreSQL stores it: cut to 63 bytes of UTF-8 (NAMEDATALEN - 1), at a character
     * boundary, as the server does (with a NOTICE) for a longer one.
     */
    public static String truncate(String name) {
        return truncate(name, 63);
    }

    /** {@code name} cut to at most {@code maxBytes} bytes of UTF-8, at a character boundary. */
    public static String truncate(String name, int maxBytes) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return name;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static String part(SqlLexer lex) {
        String text = lex.text();
        return truncate(lex.token() == Token.QUOTED_NAME ? text.substring(1, text.length() - 1).replace("\"\"", "\"")
                : downcase(text));
    }

    /** PostgreSQL folds an unquoted name's ASCII letters to lower case, and leaves other letters as they are. */
    private static String downcase(String word) {
        StringBuilder out = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return out.toString();
    }
}
