package dev.migrate.internal.jdbc;

/** Quoting of the identifiers and values the engine builds into SQL. */
public final class Identifiers {
    private Identifiers() {
    }

    /** {@code name} as a quoted PostgreSQL identifier: always quoted, embedded quotes doubled. */
    public static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."name"}. */
    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    /**
     * {@code value} as an escape string literal ({@code E'...'}: backslashes and quotes doubled),
     * which means the same whatever {@code standard_conforming_strings} says; null as {@code NULL}.
     */
    public static String literal(String value) {
        return value == null ? "NULL" : "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
