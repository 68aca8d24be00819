package dev.migrate;

/**
 * What went wrong, as a stable value a caller can switch on. Every {@link MigrationException}
 * carries exactly one.
 */
public enum ErrorCode {
    /** The builder was given an unusable setting. */
    CONFIGURATION,
    /** A version given to the API (a target, a baseline, a rollback's {@code to}) is not a version. */
    INVALID_VERSION,
    /** A location could not be read (missing directory, unreadable file, broken jar). */
    SOURCE_UNREADABLE,
    /** A file or folder looks like a migration but its name does not follow a layout. */
    INVALID_NAME,
    /** Two migrations share one version. */
    DUPLICATE_VERSION,
    /** A script is not valid UTF-8, or holds a NUL character. */
    INVALID_ENCODING,
    /** A script is larger than the engine reads (16 MiB). */
    SCRIPT_TOO_LARGE,
    /** A script cannot be split into statements (an unterminated quote or comment). */
    SQL_SYNTAX,
    /** A script contains a psql meta-command, which is not SQL. */
    PSQL_META_COMMAND,
    /** A script uses {@code COPY ... FROM STDIN} or {@code TO STDOUT}, which need psql. */
    COPY_STDIN,
    /** A transactional script contains its own transaction control in a place we cannot honour. */
    TRANSACTION_CONTROL,
    /** A statement would release the migration lock ({@code DISCARD ALL}, {@code pg_advisory_unlock_all()}). */
    RELEASES_MIGRATION_LOCK,
    /** A step runner failed with an unexpected exception (or returned no step) while preparing a script. */
    STEP_RUNNER_FAILED,
    /**
     * A step's code refused to run before it changed anything ({@link dev.migrate.spi.StepRunner.Refused}):
     * what it was asked to do does not fit the live schema, or a module's phase may not run yet.
     */
    STEP_REFUSED,
    /** A module's migration file of declared operations (JSON or YAML) cannot be read. */
    OPERATIONS_UNREADABLE,
    /** A script refers to a placeholder that is not configured. */
    UNKNOWN_PLACEHOLDER,
    /** An applied migration's file has changed since it was applied. */
    CHECKSUM_MISMATCH,
    /** A migration failed (or was interrupted) earlier and must be resolved before others run. */
    FAILED_MIGRATION,
    /** The history records a migration that no location provides. */
    MISSING_MIGRATION,
    /** A rollback needs a down script that no location provides. */
    MISSING_DOWN_MIGRATION,
    /** The history has a version newer than every local migration: a newer release applied it. A warning. */
    FUTURE_MIGRATION,
    /** A resolve() or baseline() request does not fit the migration's state. */
    INVALID_RESOLUTION,
    /** A pending migration is older than the latest applied one and out-of-order is not allowed. */
    OUT_OF_ORDER,
    /** A migration statement failed on the server. */
    MIGRATION_FAILED,
    /** A statement kept timing out on a lock after every retry. */
    LOCK_RETRIES_EXHAUSTED,
    /** Another runner held the migration lock for longer than the configured wait. */
    LOCK_UNAVAILABLE,
    /** Validation found one or more problems; each is listed with its own code. */
    VALIDATION_FAILED,
    /** A plan checker found something above the policy set with {@code refuseFindingsAbove}. */
    RISK_REFUSED,
    /** The history table was written by a newer release of migrate, in a format this release does not know. */
    UNSUPPORTED_HISTORY_FORMAT,
    /** The database failed outside a migration statement (history, lock, connection). */
    DATABASE_ERROR
}
