package dev.migrate.analysis.internal;

import dev.migrate.analysis.internal.Tokens.Token;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Index-based access to a run of tokens (an ALTER TABLE action, a column definition), with depths
 * relative to its first token, and their rendering as compact lower-case text.
 */
final class ActionTokens {
    /** Words that end a column's type in a column definition: its constraints and options begin. */
    static final Set<String> COLUMN_CONSTRAINT_START = Set.of("NOT", "NULL", "DEFAULT", "CONSTRAINT", "PRIMARY", "UNIQUE",
            "CHECK", "REFERENCES", "GENERATED", "COLLATE", "COMPRESSION", "STORAGE");

    private final List<Token> p;
    private final int baseDepth;

    ActionTokens(List<Token> p) {
        this.p = p;
        this.baseDepth = p.isEmpty() ? 0 : p.get(0).depth();
    }

    int size() {
        return p.size();
    }

    Token tok(int i) {
        return p.get(i);
    }

    int depth(int i) {
        return p.get(i).depth() - baseDepth;
    }

    String word(int i) {
        return i >= 0 && i < p.size() && p.get(i).type() == Tokens.Type.WORD ? p.get(i).text() : null;
    }

    boolean is(int i, String w) {
        return i >= 0 && i < p.size() && p.get(i).is(w);
    }

    boolean at(int i, String... words) {
        for (int k = 0; k < words.length; k++) {
            if (!is(i + k, words[k])) {
                return false;
            }
        }
        return true;
    }

    boolean has(String w) {
        return find(w) >= 0;
    }

    int find(String w) {
        for (int i = 0; i < p.size(); i++) {
            if (p.get(i).is(w) && depth(i) == 0) {
                return i;
            }
        }
        return -1;
    }

    String name(int i) {
        if (i < 0 || i >= p.size() || !p.get(i).isName()) {
            return null;
        }
        StringBuilder name = new StringBuilder(p.get(i).name());
        int k = i + 1;
        while (k + 1 < p.size() && p.get(k).isPunct(".") && p.get(k + 1).isName()) {
            name.append('.').append(p.get(k + 1).name());
            k += 2;
        }
        return name.toString();
    }

    /** The tokens from {@code from} to {@code to} (exclusive) as compact lower-case text: {@code varchar(20)}, {@code now()}. */
    String text(int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int k = Math.max(0, from); k < Math.min(to, p.size()); k++) {
            Token tok = p.get(k);
            String piece = tok.type() == Tokens.Type.WORD ? tok.raw().toLowerCase(Locale.ROOT) : tok.raw();
            boolean glue = s.length() == 0 || tok.isPunct("(") || tok.isPunct(")") || tok.isPunct(",") || tok.isPunct("::")
                    || tok.isPunct(".") || tok.isPunct("[") || tok.isPunct("]") || s.charAt(s.length() - 1) == '('
                    || s.toString().endsWith("::") || s.charAt(s.length() - 1) == '.' || s.charAt(s.length() - 1) == '[';
            if (!glue && s.charAt(s.length() - 1) != ' ') {
                s.append(' ');
            }
            s.append(piece);
            if (tok.isPunct(",")) {
                s.append(' ');
            }
        }
        return s.toString().replace("( ", "(").strip();
    }
}
