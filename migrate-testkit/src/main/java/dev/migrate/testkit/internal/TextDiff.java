package dev.migrate.testkit.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines that differ between two texts, as {@code - line} (only in the expected text) and
 * {@code + line} (only in the actual one), in order. An indented line is preceded by the
 * unindented line it belongs to, for context: in a rendered schema, a column's table.
 */
final class TextDiff {
    private static final long MAX_CELLS = 4_000_000L;

    private TextDiff() {
    }

    static List<String> between(List<String> expected, List<String> actual) {
        int start = 0;
        while (start < expected.size() && start < actual.size() && expected.get(start).equals(actual.get(start))) {
            start++;
        }
        int endE = expected.size();
        int endA = actual.size();
        while (endE > start && endA > start && expected.get(endE - 1).equals(actual.get(endA - 1))) {
            endE--;
            endA--;
        }
        List<String> e = expected.subList(start, endE);
        List<String> a = actual.subList(start, endA);
        List<String> edits = (long) e.size() * a.size() <= MAX_CELLS ? lcs(e, a) : unordered(e, a);
        return withContext(edits, expected.subList(0, start));
    }

    /** The edit script from a longest common subsequence table. */
    private static List<String> lcs(List<String> e, List<String> a) {
        int[][] len = new int[e.size() + 1][a.size() + 1];
        for (int i = e.size() - 1; i >= 0; i--) {
            for (int j = a.size() - 1; j >= 0; j--) {
                len[i][j] = e.get(i).equals(a.get(j)) ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < e.size() || j < a.size()) {
            if (i < e.size() && j < a.size() && e.get(i).equals(a.get(j))) {
                out.add("  " + e.get(i));
                i++;
                j++;
            } else if (i < e.size() && (j == a.size() || len[i + 1][j] >= len[i][j + 1])) {
                out.add("- " + e.get(i++));
            } else {
                out.add("+ " + a.get(j++));
            }
        }
        return out;
    }

    /** For texts too long to align: what only one side has, ignoring order. */
    private static List<String> unordered(List<String> e, List<String> a) {
        List<String> out = new ArrayList<>();
        e.stream().filter(line -> !a.contains(line)).forEach(line -> out.add("- " + line));
        a.stream().filter(line -> !e.contains(line)).forEach(line -> out.add("+ " + line));
        return out;
    }

    /** Keeps the changed lines, each indented one after the header line it belongs to. */
    private static List<String> withContext(List<String> edits, List<String> before) {
        List<String> out = new ArrayList<>();
        String header = null;
        for (int k = before.size() - 1; k >= 0 && header == null; k--) {
            if (!before.get(k).startsWith(" ")) {
                header = "  " + before.get(k);
            }
        }
        String shown = null;
        for (String edit : edits) {
            boolean indented = edit.length() > 2 && edit.charAt(2) == ' ';
            if (!indented) {
                header = edit.startsWith("  ") ? edit : null;
            }
            if (edit.startsWith("  ")) {
                continue;
            }
            if (indented && header != null && !header.equals(shown)) {
                out.add(header);
                shown = header;
            }
            out.add(edit);
        }
        return out;
    }
}
