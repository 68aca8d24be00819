package dev.migrate.benchmarks;

import java.nio.file.Path;
import javax.sql.DataSource;

/** One way of applying a directory of migrations, each call with a new tool instance. */
public interface Contender {
    /** The name used on the command line ({@code -Dtools=...}) and for the child JVM. */
    String id();

    /** The name shown in the report. */
    String label();

    /**
     * Builds a new tool instance and applies whatever is pending in {@code directory}.
     *
     * @return how many migrations ran, or -1 when the tool does not say
     */
    int migrate(DataSource dataSource, Path directory) throws Exception;

    /** Whether the tool keeps a history, and so has a "nothing pending" run worth measuring. */
    default boolean keepsHistory() {
        return true;
    }

    /** The contender with this {@link #id()}. */
    static Contender byId(String id) {
        return switch (id) {
            case "migrate" -> new MigrateContender();
            case "flyway" -> new FlywayContender();
            case "liquibase" -> new LiquibaseContender();
            case "jdbc" -> new JdbcContender();
            default -> throw new IllegalArgumentException("Unknown contender '" + id + "'");
        };
    }
}
