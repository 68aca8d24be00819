package dev.migrate.zerodowntime.internal;

import dev.migrate.TransactionMode;
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;
import dev.migrate.zerodowntime.ExpandContract;

/**
 * Runs expand-contract migrations under {@code migrate()}: the up script starts the migration
 * (and stops at expanded), the down script rolls it back. Found through {@link java.util.ServiceLoader}
 * when the module is on the class or module path. Without a transaction: indexes are built
 * {@code CONCURRENTLY} and rows backfilled in batches, each its own short transaction.
 */
public final class ExpandContractRunner implements StepRunner {
    private static final String WHY = "expand-contract: builds indexes CONCURRENTLY and backfills in batches, each its own transaction";

    /** The payload of an expand-contract migration's down script. */
    public record Undo(ExpandContract migration) {
    }

    @Override
    public boolean runs(Script script) {
        return script.payload() instanceof ExpandContract || script.payload() instanceof Undo;
    }

    @Override
    public Step prepare(Script script, Context context) {
        if (script.payload() instanceof Undo undo) {
            return Step.code(TransactionMode.NON_TRANSACTIONAL, WHY,
                    session -> ExpandContractRun.rollback(session, undo.migration().version()));
        }
        ExpandContract migration = (ExpandContract) script.payload();
        return Step.code(TransactionMode.NON_TRANSACTIONAL, WHY, session -> ExpandContractRun.start(session, migration));
    }
}
