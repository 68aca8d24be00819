package dev.migrate;

/**
 * The database failed outside a migration's own statements: connecting, reading or writing the
 * history, taking the lock.
 */
public final class DatabaseException extends MigrationException {
    private static final long serialVersionUID = 1L;

    public DatabaseException(String message, Throwable cause) {
        super(ErrorCode.DATABASE_ERROR, message, cause);
    }
}
