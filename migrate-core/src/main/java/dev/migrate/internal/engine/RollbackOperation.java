package dev.migrate.internal.engine;

import dev.migrate.MigrateResult;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationState;
import dev.migrate.RollbackResult;
import dev.migrate.Version;
import dev.migrate.internal.exec.PreparedMigration;
import dev.migrate.internal.source.ResolvedMigration;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rollback()}: under the migration lock, picks the applied migrations to revert, prepares
 * every down script before anything runs, and runs them newest first. Each-migration callbacks
 * apply; migrate-level ones do not.
 */
public final class RollbackOperation {
    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.Migrator");

    private final Engine engine;

    public RollbackOperation(Engine engine) {
        this.engine = engine;
    }

    /**
     * Reverts every applied migration newer than {@code target} when it is given, otherwise the
     * {@code steps} most recently applied ({@link Integer#MAX_VALUE} for all).
     */
    public RollbackResult run(Version target, int steps) {
        long started = System.nanoTime();
        return engine.underLock("rolling back", false, (c, found, rows) -> {
            int major = Engine.serverMajor(c);
            Evaluation evaluation = engine.evaluator.evaluate(found, rows);
            Engine.requireValid(engine.reconciled(c, evaluation, major, true).status().problems());
            Version initial = evaluation.status().currentVersion().orElse(null);
            List<ResolvedMigration> revert = RollbackSelection.select(evaluation, rows, target, steps);
            List<PreparedMigration> downs = RollbackSelection.prepareDowns(engine.preparer, revert, major);
            List<MigrateResult.Applied> reverted = List.of();
            if (!downs.isEmpty()) {
                try (Engine.Run run = engine.open(c, engine.callbacks(found, major),
                        downs.stream().anyMatch(PreparedMigration::setsSettings))) {
                    reverted = run.apply(downs, evaluation, true);
                }
            }
            Version after = null;
            for (MigrationInfo m : evaluation.status().migrations()) {
                boolean stays = m.state() == MigrationState.APPLIED || m.state() == MigrationState.BASELINE;
                if (stays && revert.stream().noneMatch(r -> r.version().equals(m.version()))
                        && (after == null || m.version().isNewerThan(after))) {
                    after = m.version();
                }
            }
            RollbackResult result = new RollbackResult(reverted, initial, after, Duration.ofNanos(System.nanoTime() - started));
            if (!reverted.isEmpty()) {
                LOG.info("Rolled back {} migration(s) in schema {} in {} ms; now at {}", reverted.size(), engine.config.schema(),
                        result.duration().toMillis(), after == null ? "no version" : "version " + after);
            }
            return result;
        });
    }
}
