package dev.migrate.internal.exec;

import dev.migrate.JavaMigration;
import dev.migrate.TransactionMode;
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;

/** Core's runner of {@link JavaMigration}s: a step of code that calls the migration with the session's connection. */
public final class JavaRunner implements StepRunner {

    @Override
    public boolean runs(Script script) {
        return script.payload() instanceof JavaMigration;
    }

    @Override
    public Step prepare(Script script, Context context) {
        JavaMigration java = (JavaMigration) script.payload();
        boolean tx = java.canRunInTransaction();
        return Step.code(tx ? TransactionMode.TRANSACTIONAL : TransactionMode.NON_TRANSACTIONAL,
                tx ? null : script.path() + " says canRunInTransaction() is false", session -> java.migrate(session.connection()));
    }
}
