package dev.migrate.testkit;

import dev.migrate.ErrorCode;
import dev.migrate.MigrationException;

/**
 * No PostgreSQL server could be had for the tests: Docker is not reachable for
 * {@link DatabaseProvider#testcontainers()}, the embedded server did not start, or an external
 * server refused the connection. The message says what was tried and which provider to use
 * instead; it never contains a password.
 */
public final class TestDatabaseUnavailableException extends MigrationException {
    private static final long serialVersionUID = 1L;

    public TestDatabaseUnavailableException(String message) {
        super(ErrorCode.DATABASE_ERROR, message);
    }

    public TestDatabaseUnavailableException(String message, Throwable cause) {
        super(ErrorCode.DATABASE_ERROR, message, cause);
    }
}
