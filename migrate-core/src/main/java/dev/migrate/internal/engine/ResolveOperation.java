package dev.migrate.internal.engine;

import dev.migrate.Resolve;
import dev.migrate.ResolveResult;
import dev.migrate.Version;
import dev.migrate.internal.exec.PreparedMigration;
import dev.migrate.internal.recovery.Recovery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code resolve()}: under the migration lock, adds a history row on the user's word. A resume is
 * checked against the catalog first, to find the statement it continues from.
 */
public final class ResolveOperation {
    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.Migrator");

    private final Engine engine;
    private final Resolver resolver;

    public ResolveOperation(Engine engine) {
        this.engine = engine;
        this.resolver = new Resolver(engine.history, engine.config.installedBy());
    }

    /**
     * @param migration     its version, or a repeatable one's description; null for {@link Resolve.Action#ACCEPT_CHECKSUMS}
     * @param fromStatement where {@link Resolve.Action#RESUME} continues (1-based), or 0 to find it from the catalog
     */
    public ResolveResult run(Resolve.Action action, String migration, int fromStatement) {
        return engine.underLock("resolving", false, (c, found, rows) -> {
            Evaluation evaluation = engine.evaluator.evaluate(found, rows);
            Recovery.Reconciled reconciled = null;
            PreparedMigration prepared = null;
            if (action == Resolve.Action.RESUME) {
                int major = Engine.serverMajor(c);
                evaluation = engine.reconciled(c, evaluation, major, true);
                for (Evaluation.Failed f : evaluation.failed()) {
                    if (migration.equals(f.row().version() == null ? f.row().description() : f.row().version().toString())
                            || Version.isVersion(migration) && Version.parse(migration).equals(f.row().version())) {
                        prepared = engine.reconciliation().prepared(f, major);
                        reconciled = engine.reconciliation().reconciled(c, f, major);
                    }
                }
            }
            ResolveResult result = resolver.resolve(c, evaluation, action, migration, fromStatement, reconciled, prepared);
            for (ResolveResult.Resolved r : result.resolved()) {
                LOG.info("Resolved {}: {} -> {} (recorded in {})", r.script(), r.before(), r.after(), engine.history.qualifiedName());
            }
            return result;
        });
    }
}
