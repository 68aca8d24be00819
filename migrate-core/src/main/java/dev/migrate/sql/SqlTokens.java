package dev.migrate.sql;

import dev.migrate.InvalidMigrationException;
import dev.migrate.internal.sql.SqlLexer;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL text as tokens, read by the same lexer that splits migrations: for modules that look
 * inside statements, such as migrate-analysis.
 *
 * <pre>{@code
 * List<SqlToken> tokens = SqlTokens.of("ALTER TABLE \"Orders\" ADD COLUMN note text DEFAULT 'x'");
 * tokens.get(2).name();   // "Orders"
 * tokens.get(8).value();  // "x"
 * }</pre>
 */
public final class SqlTokens {
    private SqlTokens() {
    }

    /**
     * The tokens of {@code sql}, comments and white space left out. Never fails: a quote,
     * dollar quote or comment that is never closed runs to the end of the text (an unclosed
     * string or name becomes the last token; an unclosed comment is dropped).
     */
    public static List<SqlToken> of(String sql) {
        String text = sql.indexOf('\r') < 0 ? sql : sql.replace("\r\n", "\n").replace('\r', '\n');
        SqlLexer lexer = new SqlLexer("sql", text, 1);
        List<SqlToken> out = new ArrayList<>();
        int depth = 0;
        while (true) {
            SqlLexer.Token token;
            try {
                token = lexer.next();
            } catch (InvalidMigrationException unclosed) {
                char first = text.charAt(lexer.start());
                if (first != '/') {
                    out.add(new SqlToken(first == '"' ? SqlToken.Kind.QUOTED_NAME : SqlToken.Kind.STRING, text.substring(lexer.start()),
                            lexer.line(), depth));
                }
                return out;
            }
            switch (token) {
                case END -> {
                    return out;
                }
                case LINE_COMMENT, BLOCK_COMMENT -> {
                }
                case WORD -> out.add(new SqlToken(SqlToken.Kind.WORD, lexer.text(), lexer.line(), depth));
                case QUOTED_NAME -> out.add(new SqlToken(SqlToken.Kind.QUOTED_NAME, lexer.text(), lexer.line(), depth));
                case STRING, ESCAPE_STRING, DOLLAR_STRING -> out.add(new SqlToken(SqlToken.Kind.STRING, lexer.text(), lexer.line(), depth));
                case NUMBER -> out.add(number(lexer, text, depth));
                case SYMBOL -> {
                    char c = lexer.first();
                    int next = lexer.end() < text.length() ? text.charAt(lexer.end()) : -1;
                    if (c == '(') {
                        out.add(new SqlToken(SqlToken.Kind.SYMBOL, "(", lexer.line(), depth++));
                    } else if (c == ')') {
                        depth = Math.max(0, depth - 1);
                        out.add(new SqlToken(SqlToken.Kind.SYMBOL, ")", lexer.line(), depth));
                    } else if (c == ':' && next == ':') {
                        lexer.skipTo(lexer.end() + 1);
                        out.add(new SqlToken(SqlToken.Kind.SYMBOL, "::", lexer.line(), depth));
                    } else if (c == '.' && next >= '0' && next <= '9') {
                        out.add(number(lexer, text, depth));
                    } else if (c == '$' && next == '{' && text.indexOf('}', lexer.end()) > 0) {
                        int start = lexer.start();
                        int line = lexer.line();
                        lexer.skipTo(text.indexOf('}', lexer.end()) + 1);
                        out.add(new SqlToken(SqlToken.Kind.PLACEHOLDER, text.substring(start, lexer.end()), line, depth));
                    } else {
                        out.add(new SqlToken(SqlToken.Kind.SYMBOL, lexer.text(), lexer.line(), depth));
                    }
                }
            }
        }
    }

    /** A sign right after the {@code e} of a decimal number's exponent, with a digit after it: {@code 1e-5}, {@code 2.5E+3}. */
    private static boolean exponentSign(String text, int at) {
        char c = text.charAt(at);
        return (c == '-' || c == '+') && at > 0 && (text.charAt(at - 1) == 'e' || text.charAt(at - 1) == 'E')
                && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1))
                && at > 1 && (Character.isDigit(text.charAt(at - 2)) || text.charAt(at - 2) == '.');
    }

    /** A number from the current token on: digits, a decimal point, an exponent, run together. */
    private static SqlToken number(SqlLexer lexer, String text, int depth) {
        int start = lexer.start();
        int line = lexer.line();
        int end = lexer.end();
        boolean decimal = !(end > start + 1 && text.charAt(start) == '0' && "xXoObB".indexOf(text.charAt(start + 1)) >= 0);
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '.'
                || decimal && exponentSign(text, end))) {
            end++;
        }
        lexer.skipTo(end);
        return new SqlToken(SqlToken.Kind.NUMBER, text.substring(start, end), line, depth);
    }
}
