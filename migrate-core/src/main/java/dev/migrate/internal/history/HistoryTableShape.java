package dev.migrate.internal.history;

import dev.migrate.DatabaseException;
import dev.migrate.internal.jdbc.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The history table's shape: creating it (safe for runners that race each other) and adding the
 * columns a table made by an earlier release lacks.
 */
final class HistoryTableShape {
    private static final String INVALID_SCHEMA = "3F000";
    private static final String DUPLICATE_TABLE = "42P07";
    private static final String DUPLICATE_SCHEMA = "42P06";
    private static final String DUPLICATE_OBJECT = "42710";
    private static final String UNIQUE_VIOLATION = "23505";

    private HistoryTableShape() {
    }

    /**
     * Adds the columns that a table made by an earlier release lacks. Idempotent, so runners that
     * race each other here are harmless.
     */
    static void upgrade(Connection c, String qualified) {
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + qualified + " ADD COLUMN IF NOT EXISTS backend_pid integer,"
                    + " ADD COLUMN IF NOT EXISTS backend_start timestamptz, ADD COLUMN IF NOT EXISTS application_name text,"
                    + " ADD COLUMN IF NOT EXISTS indexes_before text");
        } catch (SQLException e) {
            throw new DatabaseException("The history table " + qualified + " was made by an earlier release and lacks columns"
                    + " this one records; adding them failed: " + e.getMessage() + ". Its owner (or a superuser) can add them:"
                    + " ALTER TABLE " + qualified + " ADD COLUMN backend_pid integer, ADD COLUMN backend_start timestamptz,"
                    + " ADD COLUMN application_name text, ADD COLUMN indexes_before text", e);
        }
    }

    /**
     * Creates the table, and the managed schema first when it is absent. Safe to call from runners
     * that race each other without the migration lock: the losers find the winner's table. Call in
     * auto-commit mode. The table and its comment go in one round trip; the schema is only created
     * (which needs CREATE on the database) when it turns out to be missing.
     */
    static void create(Connection c, String schema, String qualified) {
        String createTable = "CREATE TABLE " + qualified + " ("
                + "installed_rank integer PRIMARY KEY,"
                + " version text,"
                + " description text NOT NULL,"
                + " kind text NOT NULL,"
                + " script text NOT NULL,"
                + " checksum text,"
                + " installed_by text NOT NULL,"
                + " started_at timestamptz NOT NULL,"
                + " finished_at timestamptz,"
                + " execution_ms bigint,"
                + " state text NOT NULL,"
                + " statements_done integer NOT NULL,"
                + " statements_total integer NOT NULL,"
                + " error text,"
                + " backend_pid integer,"
                + " backend_start timestamptz,"
                + " application_name text,"
                + " indexes_before text);\n"
                + "COMMENT ON TABLE " + qualified + " IS 'Schema migrations applied by dev.migrate; do not edit by hand'";
        try (Statement st = c.createStatement()) {
            try {
                st.execute(createTable);
                return;
            } catch (SQLException e) {
                if (createdConcurrently(e)) {
                    return;
                }
                if (!INVALID_SCHEMA.equals(e.getSQLState())) {
                    throw e;
                }
            }
            try {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
            } catch (SQLException e) {
                if (!createdConcurrently(e)) {
                    throw e;
                }
            }
            try {
                st.execute(createTable);
            } catch (SQLException e) {
                if (!createdConcurrently(e)) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("Cannot create the history table " + qualified + ": " + e.getMessage()
                    + ". The user needs CREATE on schema " + Identifiers.quote(schema) + " (or on the database, to create the schema).", e);
        }
    }

    /**
     * Whether creating failed because someone else created the same thing first: the table, schema
     * or the table's row type exists (42P07, 42P06, 42710), or two creations raced on a catalog's
     * unique index (23505).
     */
    private static boolean createdConcurrently(SQLException e) {
        String state = e.getSQLState();
        return DUPLICATE_TABLE.equals(state) || DUPLICATE_SCHEMA.equals(state) || DUPLICATE_OBJECT.equals(state)
                || UNIQUE_VIOLATION.equals(state);
    }
}
