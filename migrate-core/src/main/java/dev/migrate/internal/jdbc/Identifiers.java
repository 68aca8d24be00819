package dev.migrate.internal.jdbc;

/** Quoting of identifiers the engine builds into SQL. */
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
}
