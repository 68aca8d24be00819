package dev.migrate.internal.exec;

import dev.migrate.DatabaseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * The connection a non-transactional migration's history row is written on: a session of its
 * own, opened on first use, so that whatever the migration does to its session ({@code SET ROLE},
 * {@code SET statement_timeout}, an open transaction block) cannot stop the engine from recording
 * how far it got.
 */
public final class Bookkeeping implements AutoCloseable {
    private final Supplier<Connection> opener;
    private Connection connection;

    public Bookkeeping(Supplier<Connection> opener) {
        this.opener = opener;
    }

    /** The connection, in auto-commit mode; opened on first call. */
    public Connection connection() {
        if (connection == null) {
            Connection c = opener.get();
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new DatabaseException("Cannot prepare the connection for the history: " + e.getMessage(), e);
            }
            connection = c;
        }
        return connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Nothing is left to record on it.
            } finally {
                connection = null;
            }
        }
    }
}
