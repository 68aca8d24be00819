package dev.migrate;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A versioned migration written in Java, for what SQL cannot say well: a backfill computed in
 * code, a data fix that calls a library. It is ordered, validated, locked and recorded exactly like
 * a SQL file with the same version, and conflicts with one (duplicate version).
 *
 * <p>Give instances with {@code MigratorBuilder.javaMigrations(...)}, or list classes in
 * {@code META-INF/services/dev.migrate.JavaMigration} (or {@code provides} in a module) to have them
 * discovered on the class path.
 */
public interface JavaMigration {

    /** Its version, as in a file name: {@code Version.parse("7")}. */
    Version version();

    /** What it does, shown in status and history. */
    String description();

    /**
     * A checksum recorded in the history and compared on every run, so that an edited migration is
     * noticed: change it when the migration's behaviour changes. Null (the default) records a
     * fixed value derived from the class name, so edits go unnoticed.
     */
    default String checksum() {
        return null;
    }

    /** Whether it may run inside a transaction (default true); false for work like {@code CREATE INDEX CONCURRENTLY}. */
    default boolean canRunInTransaction() {
        return true;
    }

    /**
     * Applies the migration. The connection has the managed schemas on its search path and, when
     * {@link #canRunInTransaction()}, is inside the migration's transaction: do not commit or close it.
     */
    void migrate(Connection connection) throws SQLException;
}
