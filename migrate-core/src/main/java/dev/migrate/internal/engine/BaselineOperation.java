package dev.migrate.internal.engine;

import dev.migrate.Status;
import dev.migrate.Version;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code baseline()}: adopts a database built without this library by recording one version as its
 * baseline, under the migration lock, creating the history table first.
 */
public final class BaselineOperation {
    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.Migrator");

    private final Engine engine;

    public BaselineOperation(Engine engine) {
        this.engine = engine;
    }

    /** @return the status afterwards */
    public Status run(Version version) {
        Resolver resolver = new Resolver(engine.history, engine.config.installedBy());
        return engine.underLock("baselining", true, (c, found, rows) -> {
            resolver.baseline(c, engine.evaluator.evaluate(found, rows), version, "baseline");
            LOG.info("Baselined schema {} at version {}", engine.config.schema(), version);
            return engine.evaluator.evaluate(found, engine.history.read(c).orElse(List.of())).status();
        });
    }
}
