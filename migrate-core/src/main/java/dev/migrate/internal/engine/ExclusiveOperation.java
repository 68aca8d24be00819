package dev.migrate.internal.engine;

import dev.migrate.spi.StepRunner;

/**
 * {@code runExclusive()}: a module's code outside any migration (a contract phase, say), on a
 * session set up as for a migration step without a transaction, under the migration lock, with
 * nothing recorded in the history.
 */
public final class ExclusiveOperation {
    private final Engine engine;

    public ExclusiveOperation(Engine engine) {
        this.engine = engine;
    }

    @SuppressWarnings("try") // the lock is held for the block, never referenced in it
    public void run(String task, StepRunner.Body body) {
        engine.onConnection(task, c -> {
            try (var lock = engine.lock(c); Engine.Run run = engine.open(c, java.util.List.of(), true)) {
                run.alone(task, body);
            }
            return null;
        });
    }
}
