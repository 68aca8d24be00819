package dev.migrate.internal.sql;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.ValidationProblem;
import dev.migrate.internal.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Replaces {@code ${name}} in a statement that is already split. An untyped placeholder is
 * replaced by its value as text, but only where the value stays inside the place it was put:
 * it must not end the statement, open a comment, close the quotes around it or unbalance
 * parentheses, so that a value can never add a statement of its own (pgjdbc would otherwise run
 * {@code x'); DROP TABLE t; --} as three). A dollar-quoted body (a {@code DO} block, a function)
 * is read as code too. Typed placeholders quote their value:
 * {@code ${name:identifier}} as a quoted name, {@code ${name:literal}} as a string literal.
 * {@code $${name}} stands for a literal {@code ${name}}. Values never appear in messages: they
 * may be secrets.
 */
public final class Placeholders {
    private static final String IDENTIFIER = ":identifier";
    private static final String LITERAL = ":literal";
    /** What the escape {@code $$} + brace becomes in a dollar-quoted body while it is read as code: a symbol and a brace. */
    private static final String ESCAPED = "\u0001{";

    private final Map<String, String> values;

    public Placeholders(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Expands one statement.
     *
     * @throws InvalidMigrationException naming the script and line of an unknown or unclosed
     *                                   placeholder, or of a value that would change how the
     *                                   statement is read
     */
    public String expand(String script, SqlStatement statement) {
        String sql = statement.sql();
        if (sql.indexOf("${") < 0) {
            return sql;
        }
        return expandCode(script, sql, statement.line());
    }

    /**
     * Expands {@code sql}, read as SQL code: the statement, or the body of a dollar-quoted
     * routine, which the server reads as code too (a DO block's PL/pgSQL), so its placeholders
     * are checked the same way.
     */
    private String expandCode(String script, String sql, int firstLine) {
        List<Piece> expected = new ArrayList<>();
        StringBuilder out = new StringBuilder(sql.length() + 32);
        SqlLexer lex = new SqlLexer(script, sql, firstLine);
        int copied = 0;
        boolean changed = false;
        for (Token t = lex.next(); t != Token.END; t = lex.next()) {
            int at = placeholderInCode(lex, sql);
            if (at >= 0) {
                if (at > lex.start()) {
                    expected.add(new Piece(t, sql.substring(lex.start(), at), null));
                }
                Occurrence o = occurrence(script, sql, at, firstLine);
                String value = value(script, o, true);
                out.append(sql, copied, o.start).append(value);
                copied = o.end;
                expected.addAll(tokens(script, value, o));
                lex.skipTo(o.end);
                changed = true;
                continue;
            }
            String text = lex.text();
            Occurrence first = null;
            if (text.contains("${")) {
                List<Occurrence> inside = new ArrayList<>();
                String replaced = t == Token.DOLLAR_STRING
                        ? expandBody(script, text, firstLine + count(sql, '\n', lex.start()), inside)
                        : expandInside(script, text, lex.start(), sql, firstLine, t, inside);
                out.append(sql, copied, lex.start()).append(replaced);
                copied = lex.end();
                changed |= !replaced.equals(text);
                text = replaced;
                first = inside.isEmpty() ? null : inside.get(0);
            }
            expected.add(new Piece(t, text, first));
        }
        if (!changed) {
            return sql;
        }
        String expanded = out.append(sql, copied, sql.length()).toString();
        requireSameStructure(script, firstLine, expanded, expected);
        return expanded;
    }

    /**
     * Expands the body of {@code $tag$ ... $tag$} as code (see {@link #expandCode}); the result must
     * not contain the delimiter, which would end the body early.
     */
    private String expandBody(String script, String token, int line, List<Occurrence> found) {
        int open = token.indexOf('$', 1) + 1;
        String delimiter = token.substring(0, open);
        // $${name} stands for a literal ${name}; in code it would read as a dollar quote, so it is set aside first.
        String body = token.substring(open, token.length() - delimiter.length()).replace("$${", ESCAPED);
        String expanded;
        try {
            expanded = expandCode(script, body, line).replace(ESCAPED, "${");
        } catch (InvalidMigrationException e) {
            if (e.code() == ErrorCode.SQL_SYNTAX) {
                throw problem(ErrorCode.UNKNOWN_PLACEHOLDER, script, line, "A placeholder is inside a dollar-quoted body that"
                        + " cannot be read as SQL (" + e.problem().message() + "), so where its value would stand cannot be told.",
                        "Move the value out of the body (pass it as an argument), or write the body so it reads as SQL.");
            }
            throw e;
        }
        int first = token.indexOf("${", open);
        if (expanded.contains(delimiter)) {
            throw refused(script, occurrence(script, token, first, line), "contains " + delimiter
                    + ", which would end the dollar-quoted body it is placed in");
        }
        if (first >= 0 && (first == 0 || token.charAt(first - 1) != '$')) {
            found.add(occurrence(script, token, first, line));
        }
        return delimiter + expanded + delimiter;
    }

    /** Replaces the placeholders inside one quoted token, comment or dollar-quoted text. */
    private String expandInside(String script, String text, int offset, String sql, int firstLine, Token context,
                                List<Occurrence> found) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        int from = 0;
        int at = text.indexOf("${");
        while (at >= 0) {
            if (at > 0 && text.charAt(at - 1) == '$') {
                out.append(text, from, at - 1).append("${");
                from = at + 2;
            } else {
                Occurrence o = occurrence(script, sql, offset + at, firstLine);
                if (o.end > offset + text.length()) {
                    throw problem(ErrorCode.UNKNOWN_PLACEHOLDER, script, o.line, "Placeholder '" + excerpt(sql, o.start)
                            + "' is never closed with } inside the " + describe(context) + " it starts in.",
                            "Write ${name}, or $${ for a literal ${.");
                }
                if (o.type != null) {
                    throw problem(ErrorCode.UNKNOWN_PLACEHOLDER, script, o.line, "${" + o.name + o.type + "} is inside a "
                            + describe(context) + ", but a typed placeholder writes its own quotes.",
                            "Put it outside the quotes (${" + o.name + o.type + "} instead of '${" + o.name + o.type
                                    + "}'), or use ${" + o.name + "} for raw text.");
                }
                String value = value(script, o, false);
                if (context == Token.STRING && value.indexOf('\\') >= 0) {
                    throw refused(script, o, "has a backslash inside '...', which PostgreSQL reads as an escape when"
                            + " standard_conforming_strings is off, so the quotes could end elsewhere");
                }
                if (context == Token.ESCAPE_STRING && (value.indexOf('\\') >= 0 || value.indexOf('\'') >= 0)) {
                    throw refused(script, o, "has a backslash or a quote inside E'...', where the driver and the server may"
                            + " not agree on where the string ends");
                }
                out.append(text, from, at).append(value);
                found.add(o);
                from = o.end - offset;
            }
            at = text.indexOf("${", from);
        }
        return out.append(text, from, text.length()).toString();
    }

    /**
     * Where a placeholder starts in code at the current token, or -1: a {@code $} (which the lexer
     * reads as a symbol, or as the last character of a word, since words may hold {@code $})
     * followed by <code>{</code>.
     */
    private static int placeholderInCode(SqlLexer lex, String sql) {
        Token t = lex.token();
        boolean dollar = t == Token.SYMBOL ? lex.first() == '$'
                : (t == Token.WORD || t == Token.NUMBER) && sql.charAt(lex.end() - 1) == '$';
        return dollar && lex.end() < sql.length() && sql.charAt(lex.end()) == '{' ? lex.end() - 1 : -1;
    }

    /** The placeholder starting at {@code start} ({@code ${}). */
    private static Occurrence occurrence(String script, String sql, int start, int firstLine) {
        int line = firstLine + count(sql, '\n', start);
        int close = sql.indexOf('}', start + 2);
        if (close < 0) {
            throw problem(ErrorCode.UNKNOWN_PLACEHOLDER, script, line, "Placeholder '" + excerpt(sql, start)
                    + "' is never closed with }.", "Write ${name}, or $${ for a literal ${.");
        }
        String name = sql.substring(start + 2, close);
        String type = null;
        if (name.endsWith(IDENTIFIER) || name.endsWith(LITERAL)) {
            type = name.substring(name.lastIndexOf(':'));
            name = name.substring(0, name.length() - type.length());
        }
        return new Occurrence(start, close + 1, line, name, type);
    }

    private String value(String script, Occurrence o, boolean inCode) {
        String value = values.get(o.name);
        if (value == null) {
            throw problem(ErrorCode.UNKNOWN_PLACEHOLDER, script, o.line, "Unknown placeholder ${" + o.name + "}.",
                    (values.isEmpty() ? "No placeholders are configured" : "Configured: " + new TreeSet<>(values.keySet()))
                            + "; add .placeholder(\"" + o.name + "\", value) to the Migrator, or write $${"
                            + o.name + "} for the literal text.");
        }
        if (value.indexOf('\0') >= 0) {
            throw refused(script, o, "contains a NUL character, which PostgreSQL text cannot hold");
        }
        if (!inCode || o.type == null) {
            return value;
        }
        return o.type.equals(IDENTIFIER) ? quoteIdentifier(value) : quoteLiteral(value);
    }

    /** What the lexer should read where a placeholder in code stood: its value's own tokens, whole. */
    private static List<Piece> tokens(String script, String value, Occurrence o) {
        List<Piece> pieces = new ArrayList<>();
        try {
            SqlLexer lex = new SqlLexer(script, value, o.line);
            for (Token t = lex.next(); t != Token.END; t = lex.next()) {
                pieces.add(new Piece(t, lex.text(), o));
            }
        } catch (InvalidMigrationException unterminated) {
            throw refused(script, o, "opens quotes or a comment that it does not close");
        }
        int depth = 0;
        for (Piece p : pieces) {
            if (p.token == Token.LINE_COMMENT || p.token == Token.BLOCK_COMMENT) {
                throw refused(script, o, "would start a comment");
            }
            if (p.token == Token.STRING && p.text.indexOf('\\') >= 0) {
                throw refused(script, o, "has a backslash inside '...', which PostgreSQL reads as an escape when"
                        + " standard_conforming_strings is off, so the quotes could end elsewhere");
            }
            if (p.token == Token.SYMBOL) {
                switch (p.text.charAt(0)) {
                    case ';' -> throw refused(script, o, "contains ';', which would end the statement");
                    case '\\' -> throw refused(script, o, "contains a backslash outside quotes, which is not SQL");
                    case '(' -> depth++;
                    case ')' -> {
                        if (--depth < 0) {
                            throw refused(script, o, "closes a parenthesis it did not open");
                        }
                    }
                    default -> {
                        // Operators and punctuation fill their place.
                    }
                }
            }
        }
        if (depth != 0) {
            throw refused(script, o, "opens a parenthesis it does not close");
        }
        return pieces;
    }

    /**
     * Reads the expanded statement again and compares it with what the substitution meant: the
     * same quotes, names, comments and symbols outside the values, each value's own where it
     * stands. Words and numbers may join (a value {@code orders} after {@code t_} makes one name);
     * a value that closes the quotes it sits in, or turns the text around it into a comment or
     * an escape string, fails here.
     */
    private static void requireSameStructure(String script, int firstLine, String expanded, List<Piece> expected) {
        List<Piece> structure = expected.stream().filter(Piece::structural).toList();
        int i = 0;
        boolean same = false;
        try {
            SqlLexer lex = new SqlLexer(script, expanded, firstLine);
            for (Token t = lex.next(); t != Token.END; t = lex.next()) {
                if (t == Token.WORD || t == Token.NUMBER) {
                    continue;
                }
                if (i >= structure.size() || structure.get(i).token != t || !structure.get(i).text.equals(lex.text())) {
                    break;
                }
                i++;
            }
            same = i == structure.size() && lex.token() == Token.END;
        } catch (InvalidMigrationException unterminated) {
            // Reported below, as the structure changing.
        }
        if (same) {
            return;
        }
        Occurrence culprit = null;
        for (int k = Math.min(i, structure.size() - 1); k >= 0 && culprit == null; k--) {
            culprit = structure.get(k).from;
        }
        for (int k = 0; k < expected.size() && culprit == null; k++) {
            culprit = expected.get(k).from;
        }
        int line = culprit != null ? culprit.line : firstLine;
        String which = culprit != null ? "${" + culprit.name + "}" : "a placeholder in this statement";
        throw problem(ErrorCode.UNKNOWN_PLACEHOLDER, script, line, "The value of " + which + " (not shown) changes how the"
                        + " statement is read: it ends the quotes it is placed in, or joins the text around it into"
                        + " something else.",
                "Use ${name:literal} for text and ${name:identifier} for a name, which quote the value, or change the value.");
    }

    private static InvalidMigrationException refused(String script, Occurrence o, String why) {
        return problem(ErrorCode.UNKNOWN_PLACEHOLDER, script, o.line, "The value of ${" + o.name + "} (not shown) " + why
                + "; a placeholder may only fill the place it stands in.",
                "Use ${" + o.name + ":literal} for text or ${" + o.name + ":identifier} for a name, which quote the value,"
                        + " or change the value.");
    }

    /** {@code value} as a quoted identifier: {@code "..."} with inner quotes doubled. */
    static String quoteIdentifier(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /**
     * {@code value} as a string literal that means the same whatever
     * {@code standard_conforming_strings} says: {@code '...'}, or {@code E'...'} with backslashes
     * doubled when it has any.
     */
    static String quoteLiteral(String value) {
        String quoted = value.replace("'", "''");
        return value.indexOf('\\') < 0 ? "'" + quoted + "'" : "E'" + quoted.replace("\\", "\\\\") + "'";
    }

    private static String describe(Token context) {
        return switch (context) {
            case QUOTED_NAME -> "quoted name";
            case DOLLAR_STRING -> "dollar-quoted text";
            case LINE_COMMENT, BLOCK_COMMENT -> "comment";
            default -> "string literal";
        };
    }

    private static InvalidMigrationException problem(ErrorCode code, String script, int line, String message, String fix) {
        return new InvalidMigrationException(new ValidationProblem(code, script, line, message, fix));
    }

    private static int count(String s, char c, int end) {
        int n = 0;
        for (int i = 0; i < end; i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    private static String excerpt(String sql, int at) {
        return sql.substring(at, Math.min(sql.length(), at + 24));
    }

    /** One {@code ${...}} in the statement: where, its name and its type (null when untyped). */
    private record Occurrence(int start, int end, int line, String name, String type) {
    }

    /** A token the expanded statement should have; {@code from} is the placeholder it came from, if any. */
    private record Piece(Token token, String text, Occurrence from) {
        boolean structural() {
            return token != Token.WORD && token != Token.NUMBER;
        }
    }
}
