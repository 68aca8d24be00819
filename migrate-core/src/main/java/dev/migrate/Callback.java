package dev.migrate;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Code that runs at fixed points of {@code migrate()} and {@code rollback()}, on the connection
 * that migrates, with the managed schemas on its search path: refresh a materialized view after
 * migrating, set a role before, write an audit row per migration. Override the methods you need;
 * register with {@code MigratorBuilder.callback(...)}.
 *
 * <p>SQL files in the locations do the same without Java: {@code beforeMigrate.sql},
 * {@code afterMigrate.sql}, {@code afterMigrateError.sql}, {@code beforeEachMigrate.sql},
 * {@code afterEachMigrate.sql}, {@code afterEachMigrateError.sql} (a {@code __description} suffix
 * is allowed, e.g. {@code afterMigrate__refresh_views.sql}; several run in name order, Java
 * callbacks first).
 *
 * <p>When any callback is configured, a {@code migrate()} with nothing pending still takes the
 * migration lock and runs {@code beforeMigrate} and {@code afterMigrate}. An exception thrown by a
 * callback fails the call like a failing statement: inside a migration's transaction it rolls the
 * migration back.
 */
public interface Callback {

    /** Before anything is applied, under the migration lock, in auto-commit mode. */
    default void beforeMigrate(Connection connection) throws SQLException {
    }

    /** After every pending migration was applied, in auto-commit mode. */
    default void afterMigrate(Connection connection, MigrateResult result) throws SQLException {
    }

    /** After a migration failed; the error is thrown to the caller afterwards. Auto-commit mode. */
    default void afterMigrateError(Connection connection, MigrationException error) throws SQLException {
    }

    /** Before a migration's first statement: inside its transaction when it has one. */
    default void beforeEachMigration(Connection connection, Migration migration) throws SQLException {
    }

    /** After a migration's last statement: inside its transaction, before it commits, when it has one. */
    default void afterEachMigration(Connection connection, Migration migration) throws SQLException {
    }

    /** After a migration failed (its transaction, if any, already rolled back). Auto-commit mode. */
    default void afterEachMigrationError(Connection connection, Migration migration, SQLException error) throws SQLException {
    }

    /** Before each statement of a migration. */
    default void beforeEachStatement(Connection connection, Migration migration, int line, String sql) throws SQLException {
    }

    /** After each statement of a migration that succeeded. */
    default void afterEachStatement(Connection connection, Migration migration, int line, String sql) throws SQLException {
    }

    /**
     * The migration a callback is called for.
     *
     * @param kind        versioned or repeatable
     * @param version     null for a repeatable migration
     * @param description its description
     * @param script      the script that runs (the down script when {@code down})
     * @param mode        whether it runs in a transaction
     * @param down        true when a rollback runs its down script
     */
    record Migration(MigrationKind kind, Version version, String description, String script, TransactionMode mode,
                     boolean down) {
    }
}
