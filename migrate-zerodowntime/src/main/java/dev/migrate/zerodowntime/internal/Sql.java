package dev.migrate.zerodowntime.internal;

/** Quoting for SQL this module builds: every identifier and literal goes through here. */
final class Sql {
    private Sql() {
    }

    /** {@code name} as a quoted identifier. */
    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** {@code text} as a string literal, whatever {@code standard_conforming_strings} is. */
    static String literal(String text) {
        return text.indexOf('\\') < 0 ? "'" + text.replace("'", "''") + "'"
                : "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
