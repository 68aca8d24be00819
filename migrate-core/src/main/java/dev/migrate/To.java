package dev.migrate;

/**
 * Names the schema a diff leads to, so that a call reads as a sentence:
 * {@code migrator.diff(From.migrations(), To.database())}. The same as {@link SchemaSource}'s factories.
 */
public final class To {
    private To() {
    }

    /** {@link SchemaSource#empty()}. */
    public static SchemaSource empty() {
        return SchemaSource.empty();
    }

    /** {@link SchemaSource#migrations()}. */
    public static SchemaSource migrations() {
        return SchemaSource.migrations();
    }

    /** {@link SchemaSource#database()}. */
    public static SchemaSource database() {
        return SchemaSource.database();
    }

    /** {@link SchemaSource#sqlFile(java.nio.file.Path)}. */
    public static SchemaSource sqlFile(java.nio.file.Path file) {
        return SchemaSource.sqlFile(file);
    }
}
