package dev.migrate.internal.sql;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.ValidationProblem;
import java.util.Map;
import java.util.TreeSet;

/**
 * Replaces {@code ${name}} with configured values, as raw text. {@code $${name}} stands for a
 * literal {@code ${name}}.
 */
public final class Placeholders {
    private final Map<String, String> values;

    public Placeholders(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Expands one statement.
     *
     * @throws InvalidMigrationException naming the script and line of an unknown or unclosed placeholder
     */
    public String expand(String script, SqlStatement statement) {
        String sql = statement.sql();
        int at = sql.indexOf("${");
        if (at < 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 32);
        int from = 0;
        while (at >= 0) {
            if (at > 0 && sql.charAt(at - 1) == '$') {
                out.append(sql, from, at - 1).append("${");
                from = at + 2;
            } else {
                int close = sql.indexOf('}', at + 2);
                int line = statement.line() + count(sql, '\n', at);
                if (close < 0) {
                    throw problem(script, line, "Placeholder '" + excerpt(sql, at) + "' is never closed with }.",
                            "Write ${name}, or $${ for a literal ${.");
                }
                String name = sql.substring(at + 2, close);
                String value = values.get(name);
                if (value == null) {
                    throw problem(script, line, "Unknown placeholder ${" + name + "}.",
                            (values.isEmpty() ? "No placeholders are configured" : "Configured: " + new TreeSet<>(values.keySet()))
                                    + "; add .placeholder(\"" + name + "\", value) to the Migrator, or write $${"
                                    + name + "} for the literal text.");
                }
                out.append(sql, from, at).append(value);
                from = close + 1;
            }
            at = sql.indexOf("${", from);
        }
        return out.append(sql, from, sql.length()).toString();
    }

    private static InvalidMigrationException problem(String script, int line, String message, String fix) {
        return new InvalidMigrationException(new ValidationProblem(ErrorCode.UNKNOWN_PLACEHOLDER, script, line, message, fix));
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
}
