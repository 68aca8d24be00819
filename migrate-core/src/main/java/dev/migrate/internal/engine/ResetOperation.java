package dev.migrate.internal.engine;

import dev.migrate.ConfigurationException;
import dev.migrate.MigrateResult;
import dev.migrate.Reset;
import dev.migrate.ResetResult;
import dev.migrate.internal.exec.PreparedMigration;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reset()}: checks everything that can be checked (sources, every script, the seed script),
 * then drops and re-creates the managed schemas under the migration lock, migrates, and seeds.
 * Refused unless the configuration allows it.
 */
public final class ResetOperation {
    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.Migrator");

    private final Engine engine;

    public ResetOperation(Engine engine) {
        this.engine = engine;
    }

    /** @throws ConfigurationException unless the migrator was built with {@code allowReset(true)} */
    public ResetResult run(Reset options) {
        var config = engine.config;
        if (!config.reset().allowed()) {
            throw new ConfigurationException("reset() drops schemas " + config.schemas() + " with all their data, so it is"
                    + " refused unless allowed: build the migrator with allowReset(true), for development and test databases only");
        }
        long started = System.nanoTime();
        Seeding seeding = new Seeding(config, engine.preparer);
        boolean seeded = options.seed() && (config.reset().seedScript() != null || config.reset().seeder() != null);
        PreparedMigration seedScript = engine.underLock("resetting", false, (c, found, rows) -> {
            // Everything that can be checked is checked before anything is dropped.
            Engine.requireValid(found.problems());
            int major = Engine.serverMajor(c);
            engine.prepareAll(found.versioned(), major);
            engine.prepareAll(found.repeatable(), major);
            PreparedMigration script = seeded ? seeding.prepareScript(major) : null;
            engine.schemas.dropAndCreate(c);
            return script;
        });
        LOG.warn("Reset: dropped and re-created schemas {} in {}", config.schemas(), engine.describe());
        MigrateResult migrated = new MigrateOperation(engine).run();
        if (seeded) {
            engine.underLock("seeding", false, (c, found, rows) -> {
                seeding.run(c, seedScript);
                return null;
            });
        }
        return new ResetResult(config.schemas(), migrated, seeded, Duration.ofNanos(System.nanoTime() - started));
    }
}
