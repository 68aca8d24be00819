package dev.migrate.testkit.internal;

/** Loose comparison of SQL expressions as a test writes them with those {@code pg_get_expr} prints. */
public final class Expressions {
    private Expressions() {
    }

    /**
     * Whether {@code expected} reads like {@code actual}: the same once whitespace is collapsed and
     * outer parentheses removed, or {@code actual} is {@code expected} with a cast added
     * ({@code 'new'::text} for {@code 'new'}).
     */
    public static boolean same(String expected, String actual) {
        String e = normal(expected);
        String a = normal(actual);
        return a.equals(e) || (a.startsWith(e + "::") && a.indexOf("::", e.length() + 2) < 0
                && a.substring(e.length() + 2).matches("[a-z _\"().,0-9\\[\\]]+"));
    }

    private static String normal(String expression) {
        String s = expression.strip().replaceAll("\\s+", " ");
        while (s.startsWith("(") && s.endsWith(")") && balanced(s.substring(1, s.length() - 1))) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}
