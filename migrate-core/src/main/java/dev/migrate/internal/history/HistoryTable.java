package dev.migrate.internal.history;

import dev.migrate.DatabaseException;
import dev.migrate.MigrationKind;
import dev.migrate.Version;
import dev.migrate.internal.jdbc.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The history table: one row per applied (or failed) migration, in order of application. All SQL
 * that touches it lives here; every identifier is quoted.
 */
public final class HistoryTable {
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String INVALID_SCHEMA = "3F000";

    private final String schema;
    private final String table;
    private final String qualified;
    private final String selectAll;
    private final String insert;

    public HistoryTable(String schema, String table) {
        this.schema = schema;
        this.table = table;
        this.qualified = Identifiers.qualified(schema, table);
        this.selectAll = "SELECT installed_rank, version, description, kind, script, checksum, installed_by, started_at,"
                + " execution_ms, state, statements_done, statements_total, error FROM " + qualified
                + " ORDER BY installed_rank";
        this.insert = "INSERT INTO " + qualified + " (installed_rank, version, description, kind, script, checksum,"
                + " installed_by, started_at, finished_at, execution_ms, state, statements_done, statements_total)"
                + " VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, current_user), now(),"
                + " CASE WHEN ? THEN clock_timestamp() END, ?, ?, ?, ?)";
    }

    /** How to resolve a failed or interrupted row by hand, until a resolve API does it for you. */
    public String resolutionHint(int rank) {
        return "Finish or undo the remaining statements by hand, then either mark it applied (UPDATE " + qualified
                + " SET state = 'APPLIED' WHERE installed_rank = " + rank + ") or remove the row to run it again"
                + " (DELETE FROM " + qualified + " WHERE installed_rank = " + rank + ").";
    }

    /** The table as a quoted, schema-qualified name. */
    public String qualifiedName() {
        return qualified;
    }

    /**
     * Reads every row in rank order: one query. Empty when the table does not exist yet. Must be
     * called in auto-commit mode, so that a missing table does not abort a transaction.
     */
    public Optional<List<HistoryRow>> read(Connection c) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(selectAll)) {
            List<HistoryRow> rows = new ArrayList<>();
            while (rs.next()) {
                String version = rs.getString(2);
                Timestamp started = rs.getTimestamp(8);
                long ms = rs.getLong(9);
                Long executionMs = rs.wasNull() ? null : ms;
                rows.add(new HistoryRow(rs.getInt(1), version == null ? null : Version.parse(version), rs.getString(3),
                        MigrationKind.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                        started == null ? null : started.toInstant(), executionMs, HistoryRow.State.valueOf(rs.getString(10)),
                        rs.getInt(11), rs.getInt(12), rs.getString(13)));
            }
            return Optional.of(rows);
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState()) || INVALID_SCHEMA.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw new DatabaseException("Cannot read the history table " + qualified + ": " + e.getMessage(), e);
        }
    }

    /** Creates the managed schema (when absent) and the table. Call while holding the migration lock. */
    public void create(Connection c) {
        try (Statement st = c.createStatement()) {
            if (!schemaExists(c)) {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
            }
            st.execute("CREATE TABLE IF NOT EXISTS " + qualified + " ("
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
                    + " error text)");
            st.execute("COMMENT ON TABLE " + qualified + " IS 'Schema migrations applied by dev.migrate; do not edit by hand'");
        } catch (SQLException e) {
            throw new DatabaseException("Cannot create the history table " + qualified + ": " + e.getMessage()
                    + ". The user needs CREATE on schema " + Identifiers.quote(schema) + " (or on the database, to create the schema).", e);
        }
    }

    private boolean schemaExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Records a completed migration; for a transactional one, inside its transaction. */
    public void insertApplied(Connection c, int rank, Entry e, String installedBy, long executionMs, int statements)
            throws SQLException {
        insert(c, rank, e, installedBy, executionMs, HistoryRow.State.APPLIED, statements, statements);
    }

    /** Records that a non-transactional migration has started; progress follows with {@link #progress}. */
    public void insertRunning(Connection c, int rank, Entry e, String installedBy, int statements) throws SQLException {
        insert(c, rank, e, installedBy, null, HistoryRow.State.RUNNING, 0, statements);
    }

    public void progress(Connection c, int rank, int statementsDone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + qualified + " SET statements_done = ? WHERE installed_rank = ?")) {
            ps.setInt(1, statementsDone);
            ps.setInt(2, rank);
            ps.executeUpdate();
        }
    }

    public void finish(Connection c, int rank, long executionMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + qualified
                + " SET state = 'APPLIED', finished_at = clock_timestamp(), execution_ms = ? WHERE installed_rank = ?")) {
            ps.setLong(1, executionMs);
            ps.setInt(2, rank);
            ps.executeUpdate();
        }
    }

    public void fail(Connection c, int rank, int statementsDone, String error, long executionMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + qualified + " SET state = 'FAILED', finished_at = clock_timestamp(),"
                + " execution_ms = ?, statements_done = ?, error = ? WHERE installed_rank = ?")) {
            ps.setLong(1, executionMs);
            ps.setInt(2, statementsDone);
            ps.setString(3, error);
            ps.setInt(4, rank);
            ps.executeUpdate();
        }
    }

    private void insert(Connection c, int rank, Entry e, String installedBy, Long executionMs, HistoryRow.State state,
                        int done, int total) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setInt(1, rank);
            ps.setString(2, e.version() == null ? null : e.version().toString());
            ps.setString(3, e.description());
            ps.setString(4, e.kind().name());
            ps.setString(5, e.script());
            ps.setString(6, e.checksum());
            ps.setString(7, installedBy);
            ps.setBoolean(8, state == HistoryRow.State.APPLIED);
            if (executionMs == null) {
                ps.setNull(9, java.sql.Types.BIGINT);
            } else {
                ps.setLong(9, executionMs);
            }
            ps.setString(10, state.name());
            ps.setInt(11, done);
            ps.setInt(12, total);
            ps.executeUpdate();
        }
    }

    /** What a new row says about its migration. */
    public record Entry(MigrationKind kind, Version version, String description, String script, String checksum) {
    }

    @Override
    public String toString() {
        return qualified;
    }

    public String table() {
        return table;
    }
}
