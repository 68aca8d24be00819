package dev.migrate.analysis.internal;

import dev.migrate.analysis.internal.Tokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the column types and key indexes of a {@code CREATE TABLE}, and the columns of a {@code CREATE INDEX}. */
final class CreateTables {
    private static final Set<String> TABLE_CONSTRAINTS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE");

    private CreateTables() {
    }

    static void read(String sql, State state, String table) {
        Tokens t = Tokens.of(sql);
        int open = -1;
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).depth() == 0 && t.get(i).isPunct("(")) {
                open = i;
                break;
            }
            if (t.get(i).is("AS")) {
                return;
            }
        }
        if (open < 0) {
            return;
        }
        List<List<Token>> elements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (int i = open + 1; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.depth() == 0) {
                break;
            }
            if (tok.depth() == 1 && tok.isPunct(",")) {
                elements.add(current);
                current = new ArrayList<>();
            } else {
                current.add(tok);
            }
        }
        elements.add(current);
        for (List<Token> e : elements) {
            if (e.isEmpty()) {
                continue;
            }
            Token first = e.get(0);
            if (first.type() == Tokens.Type.WORD && TABLE_CONSTRAINTS.contains(first.text())) {
                int k = first.is("CONSTRAINT") ? 2 : 0;
                if (k < e.size() && (e.get(k).is("PRIMARY") || e.get(k).is("UNIQUE"))) {
                    state.addIndex(table, names(e, k));
                }
                continue;
            }
            if (!first.isName()) {
                continue;
            }
            String column = first.name();
            int end = 1;
            while (end < e.size() && !(e.get(end).depth() == 1 && e.get(end).type() == Tokens.Type.WORD
                    && ActionTokens.COLUMN_CONSTRAINT_START.contains(e.get(end).text()))) {
                end++;
            }
            state.addColumn(table, column, new ActionTokens(e).text(1, end));
            for (int k = end; k < e.size(); k++) {
                if (e.get(k).is("PRIMARY") || (e.get(k).is("UNIQUE") && e.get(k).depth() == 1)) {
                    state.addIndex(table, List.of(column));
                }
            }
        }
    }

    /** The names in the first parenthesised list at or after {@code from}. */
    private static List<String> names(List<Token> e, int from) {
        List<String> out = new ArrayList<>();
        int depth = -1;
        for (int k = from; k < e.size(); k++) {
            Token tok = e.get(k);
            if (depth < 0 && tok.isPunct("(")) {
                depth = tok.depth() + 1;
            } else if (depth >= 0 && tok.isPunct(")") && tok.depth() == depth - 1) {
                break;
            } else if (depth >= 0 && tok.depth() == depth && tok.isName()) {
                out.add(tok.name());
            }
        }
        return out;
    }

    /** The leading plain columns of {@code CREATE INDEX ... ON t [USING m] (a, b, lower(c))}: {@code [a, b]}. */
    static List<String> indexColumns(String sql) {
        Tokens t = Tokens.of(sql);
        int on = t.find(0, "ON");
        if (on < 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = on + 1; i < t.size(); i++) {
            if (t.get(i).depth() == 0 && t.get(i).isPunct("(")) {
                boolean expression = false;
                for (int k = i + 1; k < t.size() && t.get(k).depth() > 0; k++) {
                    Token tok = t.get(k);
                    if (tok.depth() == 1 && tok.isPunct(",")) {
                        expression = false;
                        continue;
                    }
                    if (tok.depth() > 1 || tok.isPunct("(")) {
                        expression = true;
                    }
                    if (tok.depth() == 1 && tok.isName() && !expression && !isOrdering(tok)
                            && (k == i + 1 || t.get(k - 1).isPunct(","))) {
                        out.add(tok.name());
                    }
                }
                return out;
            }
        }
        return out;
    }

    /** The name of the index a {@code CREATE INDEX} creates, or null when it is left to PostgreSQL. */
    static String indexName(String sql) {
        Tokens t = Tokens.of(sql);
        int i = t.find(0, "INDEX") + 1;
        if (t.is(i, "CONCURRENTLY")) {
            i++;
        }
        if (t.at(i, "IF", "NOT", "EXISTS")) {
            i += 3;
        }
        return t.is(i, "ON") ? null : Names.nameAt(t, i);
    }

    private static boolean isOrdering(Token tok) {
        return tok.is("ASC") || tok.is("DESC") || tok.is("NULLS") || tok.is("FIRST") || tok.is("LAST") || tok.is("COLLATE");
    }
}
