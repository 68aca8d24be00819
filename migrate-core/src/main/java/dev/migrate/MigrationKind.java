package dev.migrate;

/** What kind of migration a script is. */
public enum MigrationKind {
    /** Applied once, in version order ({@code V1__x.sql}, {@code 20240102120000_x/up.sql}). */
    VERSIONED,
    /** Re-applied whenever its content changes, after the versioned ones ({@code R__x.sql}). */
    REPEATABLE
}
