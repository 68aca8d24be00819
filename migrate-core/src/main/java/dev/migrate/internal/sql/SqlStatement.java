package dev.migrate.internal.sql;

import java.util.List;

/**
 * One statement of a script.
 *
 * @param line  1-based line where it starts
 * @param sql   its text, without the terminating semicolon
 * @param words its first top-level words, upper-cased (quoted names and literals are not words);
 *              enough to classify it
 */
public record SqlStatement(int line, String sql, List<String> words) {

    public String word(int index) {
        return index < words.size() ? words.get(index) : "";
    }

    public boolean startsWith(String... keywords) {
        for (int i = 0; i < keywords.length; i++) {
            if (!word(i).equals(keywords[i])) {
                return false;
            }
        }
        return true;
    }

    public boolean hasWord(String keyword) {
        return words.contains(keyword);
    }

    /**
     * The script line of a 1-based character position in the statement (as the server reports an
     * error's position); the statement's first line when the position is outside it.
     */
    public int lineAt(int position) {
        if (position < 1 || position > sql.length()) {
            return line;
        }
        int at = line;
        for (int i = 0; i < position - 1; i++) {
            if (sql.charAt(i) == '\n') {
                at++;
            }
        }
        return at;
    }

    /** The statement on one line, shortened, for messages. */
    public String excerpt() {
        String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() <= 160 ? flat : flat.substring(0, 157) + "...";
    }
}
