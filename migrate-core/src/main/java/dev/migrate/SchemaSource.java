package dev.migrate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One side of {@link Migrator#diff}: a schema to compare, named by {@link From} and {@link To}.
 *
 * @param kind what the schema is read from
 * @param file the desired-state SQL file, for {@link Kind#SQL_FILE}; otherwise null
 */
public record SchemaSource(Kind kind, Path file) {
    public SchemaSource {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.SQL_FILE) != (file != null)) {
            throw new ConfigurationException("A schema read from a SQL file names the file, and only then: " + kind + ", " + file);
        }
    }

    /** No objects at all. */
    public static SchemaSource empty() {
        return new SchemaSource(Kind.EMPTY, null);
    }

    /** What the migrator's migrations make, replayed on a shadow database. */
    public static SchemaSource migrations() {
        return new SchemaSource(Kind.MIGRATIONS, null);
    }

    /** The migrator's database as it is. */
    public static SchemaSource database() {
        return new SchemaSource(Kind.DATABASE, null);
    }

    /** What a desired-state SQL file makes, run on a shadow database. */
    public static SchemaSource sqlFile(Path file) {
        return new SchemaSource(Kind.SQL_FILE, Objects.requireNonNull(file, "file"));
    }

    /** Where a schema is read from. */
    public enum Kind {
        /** No objects at all. */
        EMPTY,
        /** The migrator's locations, replayed on a shadow database. */
        MIGRATIONS,
        /** The migrator's database as it is (its managed schemas, the history table left out). */
        DATABASE,
        /** A SQL file of the desired state, run on a shadow database. */
        SQL_FILE
    }

    @Override
    public String toString() {
        return kind == Kind.SQL_FILE ? "SQL file " + file : kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
