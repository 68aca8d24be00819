package dev.migrate.testkit.internal;

/** Quoting of the database names the testkit builds into SQL. */
public final class Identifiers {
    private Identifiers() {
    }

    /** {@code name} as a quoted PostgreSQL identifier: always quoted, embedded quotes doubled. */
    public static String quote(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("A PostgreSQL identifier cannot contain a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
