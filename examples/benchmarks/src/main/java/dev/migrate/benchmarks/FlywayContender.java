package dev.migrate.benchmarks;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Flyway (community edition) with a {@code filesystem:} location and default settings. */
public final class FlywayContender implements Contender {
    @Override
    public String id() {
        return "flyway";
    }

    @Override
    public String label() {
        return "Flyway";
    }

    @Override
    public int migrate(DataSource dataSource, Path directory) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("filesystem:" + directory)
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
