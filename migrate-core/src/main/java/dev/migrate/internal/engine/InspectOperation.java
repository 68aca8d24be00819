package dev.migrate.internal.engine;

import dev.migrate.internal.schema.CatalogReader;
import dev.migrate.internal.source.MigrationFileWriter;
import dev.migrate.schema.DatabaseSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations that look at one side only: {@code inspect()} reads the managed schemas from the
 * catalog (the history table left out), {@code newMigration()} reads the locations and writes the
 * next migration file.
 */
public final class InspectOperation {
    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.Migrator");

    private final Engine engine;

    public InspectOperation(Engine engine) {
        this.engine = engine;
    }

    public DatabaseSchema inspect() {
        return engine.onConnection("reading the schema of",
                c -> CatalogReader.read(c, engine.config.schemas(), Set.of(engine.config.historyTable())));
    }

    public Path newMigration(String name) {
        MigrationFileWriter.target(engine.config.locations());
        Path written = new MigrationFileWriter(Clock.systemUTC()).write(engine.config.locations(), engine.loadSources(), name);
        LOG.info("Wrote new migration {}", written);
        return written;
    }
}
