package dev.migrate.benchmarks;

import java.nio.file.Path;
import java.util.List;

/**
 * A generated directory of Flyway-named migrations ({@code V<n>__<description>.sql}) plus a
 * Liquibase master changelog that includes each file.
 *
 * @param directory  where the files are
 * @param files      the migration files, in version order
 * @param statements how many SQL statements the files hold in total
 * @param tables     how many tables they create
 * @param views      how many views they create
 * @param triggers   how many plpgsql trigger functions (each with its trigger) they create
 */
public record MigrationSet(Path directory, List<Path> files, int statements, int tables,
                           int views, int triggers) {
    public MigrationSet {
        files = List.copyOf(files);
    }

    /** How many migrations the set holds. */
    public int size() {
        return files.size();
    }
}
