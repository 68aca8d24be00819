package dev.migrate;

import java.nio.file.Path;
import java.util.Objects;

/** The schema a diff starts from: {@code migrator.diff(From.migrations(), To.database())}. */
public final class From {
    private From() {
    }

    /** No objects at all. */
    public static SchemaSource empty() {
        return new SchemaSource(SchemaSource.Kind.EMPTY, null);
    }

    /** What the migrator's migrations make, replayed on a shadow database. */
    public static SchemaSource migrations() {
        return new SchemaSource(SchemaSource.Kind.MIGRATIONS, null);
    }

    /** The migrator's database as it is. */
    public static SchemaSource database() {
        return new SchemaSource(SchemaSource.Kind.DATABASE, null);
    }

    /** What a desired-state SQL file makes, run on a shadow database. */
    public static SchemaSource sqlFile(Path file) {
        return new SchemaSource(SchemaSource.Kind.SQL_FILE, Objects.requireNonNull(file, "file"));
    }
}
