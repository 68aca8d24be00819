package dev.migrate.internal.engine;

import dev.migrate.Callback;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationException;
import dev.migrate.Version;
import dev.migrate.internal.exec.AdvisoryLock;
import dev.migrate.internal.exec.PreparedMigration;
import dev.migrate.internal.history.HistoryRow;
import dev.migrate.internal.source.ResolvedMigration;
import dev.migrate.internal.source.SourceSet;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code migrate()}. Reads the history once without any lock (only the columns that decide what
 * to apply), while the sources are read on another thread; when nothing is pending it returns
 * there. Otherwise it prepares every pending script (and runs the risk gate), creates the history
 * table if needed, takes the advisory lock on the same connection, reads the history again
 * (another runner may have done the work in between), checks any failed or interrupted run
 * against the catalog, and applies what is still pending.
 */
public final class MigrateOperation {
    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.Migrator");

    private final Engine engine;

    public MigrateOperation(Engine engine) {
        this.engine = engine;
    }

    @SuppressWarnings("try") // the lock is held for the block, never referenced in it
    public MigrateResult run() {
        long started = System.nanoTime();
        return engine.connected("migrating", (c, sources) -> {
            Optional<List<HistoryRow>> rows = engine.history.readBrief(c);
            SourceSet found = sources.get();
            Evaluation first = engine.evaluator.evaluate(found, rows.orElse(List.of()));
            Version initial = first.status().currentVersion().orElse(null);
            if (!first.interrupted()) {
                if (!first.status().problems().isEmpty()) {
                    engine.history.requireKnownFormat(c);
                    Engine.requireValid(engine.reconciled(c, first, Engine.serverMajor(c), false).status().problems());
                }
                if (first.pending().isEmpty() && engine.config.hooks().callbacks().isEmpty() && found.callbacks().isEmpty()) {
                    LOG.info("Schema {} is up to date{} (nothing pending)", engine.config.schema(),
                            initial == null ? "" : " at version " + initial);
                    return new MigrateResult(List.of(), initial, Duration.ofNanos(System.nanoTime() - started));
                }
            }
            int major = Engine.serverMajor(c);
            Map<String, PreparedMigration> prepared = engine.prepareAll(first.pending(), major);
            if (engine.config.refuseAbove() != null) {
                engine.checks.gate(c, major, first.pending(), prepared);
            }
            List<Callback> callbacks = engine.callbacks(found, major);
            if (rows.isEmpty()) {
                engine.history.create(c);
            }
            // The lock lives on the session the migrations run in: if this process dies, the server
            // finishes the statement in flight before it ends the session and frees the lock.
            boolean full = prepared.values().stream().anyMatch(PreparedMigration::setsSettings);
            try (AdvisoryLock lock = engine.lock(c); Engine.Run run = engine.open(c, callbacks, full)) {
                return underLock(c, run, found, prepared, callbacks, major, started);
            }
        });
    }

    private MigrateResult underLock(Connection c, Engine.Run run, SourceSet found, Map<String, PreparedMigration> prepared, List<Callback> callbacks,
                                    int major, long started) throws SQLException {
        Evaluation locked = engine.evaluator.evaluate(found, engine.history.readBriefToWrite(c).orElse(List.of()));
        engine.history.upgradeIfOlder(c);
        Engine.requireValid(engine.reconciled(c, locked, major, true).status().problems());
        Version initial = locked.status().currentVersion().orElse(null);
        List<PreparedMigration> todo = new ArrayList<>();
        for (ResolvedMigration m : locked.pending()) {
            PreparedMigration p = prepared.get(m.script());
            todo.add(p != null ? p : engine.prepareAll(List.of(m), major).get(m.script()));
        }
        engine.checks.guard(c, major, todo);
        engine.schemas.createMissing(c);
        MigrateResult result;
        try {
            for (Callback cb : callbacks) {
                cb.beforeMigrate(c);
            }
            List<MigrateResult.Applied> applied = run.apply(todo, locked, false);
            result = new MigrateResult(applied, initial, Duration.ofNanos(System.nanoTime() - started), run.notices());
            for (Callback cb : callbacks) {
                cb.afterMigrate(c, result);
            }
        } catch (MigrationException e) {
            for (Callback cb : callbacks) {
                try {
                    cb.afterMigrateError(c, e);
                } catch (SQLException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        LOG.info("Applied {} migration(s) to schema {} in {} ms{}", result.applied().size(), engine.config.schema(),
                result.duration().toMillis(), result.finalVersion().map(v -> "; now at version " + v).orElse(""));
        return result;
    }
}
