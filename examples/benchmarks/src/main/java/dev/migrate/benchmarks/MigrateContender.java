package dev.migrate.benchmarks;

import dev.migrate.Location;
import dev.migrate.Migrator;
import java.nio.file.Path;
import javax.sql.DataSource;

/** This library, configured with the directory and the shared data source. */
public final class MigrateContender implements Contender {
    @Override
    public String id() {
        return "migrate";
    }

    @Override
    public String label() {
        return "migrate";
    }

    @Override
    public int migrate(DataSource dataSource, Path directory) {
        try (Migrator migrator = Migrator.configure()
                .dataSource(dataSource)
                .locations(Location.directory(directory))
                .build()) {
            return migrator.migrate().count();
        }
    }
}
