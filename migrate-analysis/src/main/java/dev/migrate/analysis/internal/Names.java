package dev.migrate.analysis.internal;

import dev.migrate.analysis.internal.Tokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reading (possibly qualified) names out of a statement's tokens, as PostgreSQL resolves them. */
final class Names {
    private Names() {
    }

    static int skipParens(Tokens t, int i) {
        if (t.get(i) != null && t.get(i).isPunct("(")) {
            int depth = t.get(i).depth();
            i++;
            while (i < t.size() && !(t.get(i).isPunct(")") && t.get(i).depth() == depth)) {
                i++;
            }
            return i + 1;
        }
        return i;
    }

    /** The (possibly qualified) name starting at {@code i}, as PostgreSQL resolves it; null when there is none. */
    static String nameAt(Tokens t, int i) {
        Token first = t.get(i);
        if (first == null || !first.isName()) {
            return null;
        }
        StringBuilder name = new StringBuilder(first.name());
        int k = i + 1;
        while (t.get(k) != null && t.get(k).isPunct(".") && t.get(k + 1) != null && t.get(k + 1).isName()) {
            name.append('.').append(t.get(k + 1).name());
            k += 2;
        }
        return name.toString();
    }

    /** The index after the name starting at {@code i}. */
    static int nextAfterName(Tokens t, int i) {
        int k = i + 1;
        while (t.get(k) != null && t.get(k).isPunct(".") && t.get(k + 1) != null && t.get(k + 1).isName()) {
            k += 2;
        }
        return k;
    }

    /**
     * The comma-separated names from {@code i} on, as in {@code DROP TABLE a, b} or
     * {@code TRUNCATE ONLY a, b *}: each may carry {@code ONLY} before it or {@code *} after it.
     */
    static List<String> namesFrom(Tokens t, int i) {
        List<String> names = new ArrayList<>();
        int k = i;
        while (true) {
            if (t.is(k, "ONLY")) {
                k++;
            }
            String name = nameAt(t, k);
            if (name == null) {
                return names;
            }
            names.add(name);
            k = nextAfterName(t, k);
            if (t.get(k) != null && t.get(k).isPunct("*")) {
                k++;
            }
            if (t.get(k) == null || !t.get(k).isPunct(",")) {
                return names;
            }
            k++;
        }
    }

    static String nameAfter(Tokens t, int keyword) {
        return keyword < 0 ? null : nameAt(t, t.is(keyword + 1, "ONLY") ? keyword + 2 : keyword + 1);
    }

    /** The last top-level name of a statement such as {@code VACUUM (ANALYZE) orders}. */
    static String lastName(Tokens t) {
        for (int i = t.size() - 1; i > 0; i--) {
            Token tok = t.get(i);
            if (tok.depth() == 0 && tok.isName()) {
                int start = i;
                while (start >= 2 && t.get(start - 1).isPunct(".") && t.get(start - 2).isName()) {
                    start -= 2;
                }
                return start > 0 && t.get(start - 1).depth() == 0 && !t.get(start - 1).isPunct(",") && t.get(start).type() == Tokens.Type.WORD
                        && isKeywordOnly(t.get(start).text()) ? null : nameAt(t, start);
            }
            if (tok.depth() == 0 && tok.isPunct(")")) {
                return null;
            }
        }
        return null;
    }

    private static boolean isKeywordOnly(String word) {
        return Set.of("VACUUM", "ANALYZE", "ANALYSE", "FULL", "FREEZE", "VERBOSE").contains(word);
    }
}
