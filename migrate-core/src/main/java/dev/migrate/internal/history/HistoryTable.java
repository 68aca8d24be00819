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
    private static final String DUPLICATE_TABLE = "42P07";
    private static final String DUPLICATE_SCHEMA = "42P06";
    private static final String DUPLICATE_OBJECT = "42710";
    private static final String UNIQUE_VIOLATION = "23505";

    private final String schema;
    private final String table;
    private final String qualified;
    private final String selectAll;
    private final String selectBrief;
    private final String insert;

    public HistoryTable(String schema, String table) {
        this.schema = schema;
        this.table = table;
        this.qualified = Identifiers.qualified(schema, table);
        this.selectAll = "SELECT installed_rank, version, description, kind, script, checksum, installed_by, started_at,"
                + " execution_ms, state, statements_done, statements_total, error FROM " + qualified
                + " ORDER BY installed_rank";
        this.selectBrief = "SELECT installed_rank, version, description, kind, script, checksum, NULL, NULL,"
                + " NULL, state, statements_done, statements_total, error FROM " + qualified
                + " ORDER BY installed_rank";
        this.insert = "INSERT INTO " + qualified + " (installed_rank, version, description, kind, script, checksum,"
                + " installed_by, started_at, finished_at, execution_ms, state, statements_done, statements_total)"
                + " VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, current_user), now(),"
                + " CASE WHEN ? THEN clock_timestamp() END, ?, ?, ?, ?)";
    }

    /** How to get past a failed or interrupted migration, named by version or, for a repeatable one, description. */
    public static String resolutionHint(String migration) {
        return "Finish or undo by hand what it left half-done, then call resolve().markApplied(\"" + migration
                + "\") if its change is now complete, or resolve().markRolledBack(\"" + migration
                + "\") to run it again from the start.";
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
        return read(c, selectAll);
    }

    /**
     * Like {@link #read(Connection)}, without who applied each row, when and how long it took
     * ({@code installedBy}, {@code startedAt} and {@code executionMs} are null): what deciding
     * what to apply needs, at about half the cost on a long history.
     */
    public Optional<List<HistoryRow>> readBrief(Connection c) {
        return read(c, selectBrief);
    }

    private Optional<List<HistoryRow>> read(Connection c, String select) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(select)) {
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

    /**
     * Creates the table, and the managed schema first when it is absent. Safe to call from runners
     * that race each other without the migration lock: the losers find the winner's table. Call in
     * auto-commit mode. The table and its comment go in one round trip; the schema is only created
     * (which needs CREATE on the database) when it turns out to be missing.
     */
    public void create(Connection c) {
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
                + " error text);\n"
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

    /** Records a completed migration; for a transactional one, inside its transaction. */
    public void insertApplied(Connection c, int rank, Entry e, String installedBy, long executionMs, int statements)
            throws SQLException {
        insert(c, rank, e, installedBy, executionMs, HistoryRow.State.APPLIED, statements, statements);
    }

    /**
     * The row {@link #insertApplied} (or, with {@code ROLLED_BACK}, {@link #insertRolledBack}) writes,
     * as one SQL text with its values written in, for sending in the same round trip as the
     * migration's statements. {@code execution_ms} is then the transaction's age when the row is
     * written, as the server measures it.
     */
    public String completedSql(int rank, Entry e, String installedBy, HistoryRow.State state, int statements) {
        return "INSERT INTO " + qualified + " (installed_rank, version, description, kind, script, checksum,"
                + " installed_by, started_at, finished_at, execution_ms, state, statements_done, statements_total)"
                + " VALUES (" + rank + ", " + literal(e.version() == null ? null : e.version().toString()) + ", "
                + literal(e.description()) + ", " + literal(e.kind().name()) + ", " + literal(e.script()) + ", "
                + literal(e.checksum()) + ", " + (installedBy == null ? "current_user" : literal(installedBy))
                + ", now(), clock_timestamp(), (extract(epoch FROM clock_timestamp() - now()) * 1000)::bigint, "
                + literal(state.name()) + ", " + statements + ", " + statements + ")";
    }

    /**
     * {@code value} as an escape string literal ({@code E'...'}: backslashes and quotes doubled),
     * which means the same whatever {@code standard_conforming_strings} says; null as {@code NULL}.
     */
    static String literal(String value) {
        return value == null ? "NULL" : "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** Records that a non-transactional migration has started; progress follows with {@link #progress}. */
    public void insertRunning(Connection c, int rank, Entry e, String installedBy, int statements) throws SQLException {
        insert(c, rank, e, installedBy, null, HistoryRow.State.RUNNING, 0, statements);
    }

    /** Whether a row with this rank exists. */
    public boolean hasRank(Connection c, int rank) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + qualified + " WHERE installed_rank = ?")) {
            ps.setInt(1, rank);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void progress(Connection c, int rank, int statementsDone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + qualified + " SET statements_done = ? WHERE installed_rank = ?")) {
            ps.setInt(1, statementsDone);
            ps.setInt(2, rank);
            ps.executeUpdate();
        }
    }

    /** Records that a down script completed; for a transactional one, inside its transaction. */
    public void insertRolledBack(Connection c, int rank, Entry e, String installedBy, long executionMs, int statements)
            throws SQLException {
        insert(c, rank, e, installedBy, executionMs, HistoryRow.State.ROLLED_BACK, statements, statements);
    }

    /**
     * Records a decision made without running anything: {@code resolve()} or {@code baseline()}.
     * {@code execution_ms} stays null, which tells these rows apart from runs.
     */
    public void insertResolution(Connection c, int rank, Entry e, String installedBy, HistoryRow.State state, int done,
                                 int total) throws SQLException {
        insert(c, rank, e, installedBy, null, state, done, total);
    }

    /** Marks a non-transactional run complete: {@code APPLIED}, or {@code ROLLED_BACK} for a down script. */
    public void finish(Connection c, int rank, long executionMs, HistoryRow.State state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + qualified
                + " SET state = ?, finished_at = clock_timestamp(), execution_ms = ? WHERE installed_rank = ?")) {
            ps.setString(1, state.name());
            ps.setLong(2, executionMs);
            ps.setInt(3, rank);
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
            ps.setBoolean(8, state != HistoryRow.State.RUNNING);
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
