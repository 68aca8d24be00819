package dev.migrate.internal.history;

import dev.migrate.DatabaseException;
import dev.migrate.internal.jdbc.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history table's shape: creating it (safe for runners that race each other), and upgrading a
 * table an earlier release made. The table's comment records its format
 * ({@code dev.migrate history format 2: ...}), so that a release can tell what an existing table
 * holds without guessing from its columns:
 * <ol>
 *   <li>format 1, a table without that mark: the first releases, without or (from late 2026) with
 *       the columns that name the server session of a run ({@code backend_pid},
 *       {@code backend_start}, {@code application_name}) and {@code indexes_before};</li>
 *   <li>format 2: those columns, and the mark.</li>
 * </ol>
 */
final class HistoryTableShape {
    /** The format this release writes. */
    static final int FORMAT = 2;

    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.Migrator");
    private static final Pattern MARK = Pattern.compile("^dev\\.migrate history format (\\d+)\\b");
    private static final String INVALID_SCHEMA = "3F000";
    private static final String DUPLICATE_TABLE = "42P07";
    private static final String DUPLICATE_SCHEMA = "42P06";
    private static final String DUPLICATE_OBJECT = "42710";
    private static final String UNIQUE_VIOLATION = "23505";

    private HistoryTableShape() {
    }

    /** The comment that marks a table of this release's format. */
    static String comment() {
        return "dev.migrate history format " + FORMAT + ": schema migrations applied by dev.migrate; do not edit by hand";
    }

    /** The format a table's comment records: 1 for a table without the mark (or without a comment). */
    static int format(String comment) {
        if (comment == null) {
            return 1;
        }
        Matcher m = MARK.matcher(comment);
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    /**
     * Marks a format-1 table that already has every column as format 2. Needs the table's owner;
     * without it the table stays unmarked, which costs nothing but this attempt on each writing run,
     * so a warning says how to mark it.
     */
    static void mark(Connection c, String qualified) {
        try (Statement st = c.createStatement()) {
            st.execute("COMMENT ON TABLE " + qualified + " IS " + Identifiers.literal(comment()));
        } catch (SQLException e) {
            LOG.warn("The history table {} has every column of format {} but not its mark, and marking it failed ({}); it works"
                    + " as it is. Its owner can mark it: COMMENT ON TABLE {} IS {}", qualified, FORMAT, e.getMessage(), qualified,
                    Identifiers.literal(comment()));
        }
    }

    /**
     * Brings a table made by an earlier release to this release's format: adds the columns it lacks
     * and marks it. Idempotent, so runners that race each other here are harmless. Takes the
     * table's ACCESS EXCLUSIVE lock for a moment, once in the table's life.
     */
    static void upgrade(Connection c, String qualified) {
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + qualified + " ADD COLUMN IF NOT EXISTS backend_pid integer,"
                    + " ADD COLUMN IF NOT EXISTS backend_start timestamptz, ADD COLUMN IF NOT EXISTS application_name text,"
                    + " ADD COLUMN IF NOT EXISTS indexes_before text;\n"
                    + "COMMENT ON TABLE " + qualified + " IS " + Identifiers.literal(comment()));
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
     *
     * @return true when this call made the table, false when another runner's table was found
     */
    static boolean create(Connection c, String schema, String qualified) {
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
                + "COMMENT ON TABLE " + qualified + " IS " + Identifiers.literal(comment());
        try (Statement st = c.createStatement()) {
            try {
                st.execute(createTable);
                return true;
            } catch (SQLException e) {
                if (createdConcurrently(e)) {
                    return false;
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
                return true;
            } catch (SQLException e) {
                if (!createdConcurrently(e)) {
                    throw e;
                }
                return false;
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
