package dev.migrate;

/** How a migration's statements are executed. */
public enum TransactionMode {
    /** All statements and the history row in one transaction: all or nothing. */
    TRANSACTIONAL,
    /**
     * Statement by statement in auto-commit, because a statement cannot run in a transaction
     * ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}, ...) or the script asks for it with
     * {@code -- migrate:no-transaction}. Progress is recorded after each statement.
     */
    NON_TRANSACTIONAL
}
