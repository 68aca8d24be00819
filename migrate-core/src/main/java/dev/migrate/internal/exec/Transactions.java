package dev.migrate.internal.exec;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/** What the driver knows of a session's transaction, which statements can open without JDBC noticing. */
final class Transactions {
    private Transactions() {
    }

    /**
     * Whether the session is inside a transaction block (open or failed) by the server's last
     * report, such as one a script's {@code BEGIN} opened while JDBC is in auto-commit mode.
     * False when the connection is not pgjdbc's.
     */
    static boolean open(Connection c) {
        try {
            return c.isWrapperFor(BaseConnection.class) && c.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
        } catch (SQLException e) {
            return false;
        }
    }
}
