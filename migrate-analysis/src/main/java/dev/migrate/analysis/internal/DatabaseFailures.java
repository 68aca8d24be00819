package dev.migrate.analysis.internal;

import dev.migrate.DatabaseException;
import java.sql.SQLException;

/** The analysis API's database failures, as migrate's unchecked exception with its code. */
public final class DatabaseFailures {
    private DatabaseFailures() {
    }

    /** {@code what} failed because of {@code e}: the server's message and SQLSTATE kept. */
    public static DatabaseException of(String what, SQLException e) {
        return new DatabaseException(what + ": " + e.getMessage() + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]"), e);
    }
}
