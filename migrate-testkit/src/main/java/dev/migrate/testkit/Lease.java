package dev.migrate.testkit;

import dev.migrate.Migrator;
import java.util.function.Consumer;

/**
 * A test database held by one test or class, with the {@link Migrator} the extension hands out for
 * it. Kept in JUnit's store, which also closes it should the extension's own callback not run.
 */
final class Lease implements AutoCloseable {
    private final TestDatabase database;
    private final Consumer<Lease> onClose;
    private Migrator migrator;
    private boolean closed;

    Lease(TestDatabase database, Consumer<Lease> onClose) {
        this.database = database;
        this.onClose = onClose;
    }

    TestDatabase database() {
        return database;
    }

    /** One migrator per database, closed with it. */
    synchronized Migrator migrator() {
        if (closed) {
            throw new IllegalStateException(database.name() + " has been dropped: its test is over");
        }
        if (migrator == null) {
            migrator = database.migrator();
        }
        return migrator;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Closes the migrator and drops the database; only the first call does anything. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (migrator != null) {
                migrator.close();
            }
        } finally {
            onClose.accept(this);
        }
    }
}
