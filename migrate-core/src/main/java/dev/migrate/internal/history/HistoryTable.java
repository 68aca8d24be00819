package dev.migrate.internal.history;

import dev.migrate.ErrorCode;
import dev.migrate.MigrationException;
import dev.migrate.MigrationKind;
import dev.migrate.Version;
import dev.migrate.internal.jdbc.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

/**
 * The history table: one row per applied (or failed) migration, in order of application. All SQL
 * that touches it lives here (the reads in {@link HistoryReader}); every identifier is quoted.
 */
public final class HistoryTable {
    private final String schema;
    private final String table;
    private final String qualified;
    private final String insert;
    private final HistoryReader reader;

    public HistoryTable(String schema, String table) {
        this.schema = schema;
        this.table = table;
        this.qualified = Identifiers.qualified(schema, table);
        this.reader = new HistoryReader(qualified);
        this.insert = "INSERT INTO " + qualified + " (installed_rank, version, description, kind, script, checksum,"
                + " installed_by, started_at, finished_at, execution_ms, state, statements_done, statements_total)"
                + " VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, current_user), now(),"
                + " CASE WHEN ? THEN clock_timestamp() END, ?, ?, ?, ?)";
    }

    /** How to get past a failed or interrupted migration, named by version or, for a repeatable one, description. */
    public static String resolutionHint(String migration) {
        return "Call resolve().resume(\"" + migration + "\") to continue with the first statement that did not take"
                + " effect; or finish or undo by hand what it left half-done, then call resolve().markApplied(\"" + migration
                + "\") if its change is now complete, or resolve().markRolledBack(\"" + migration
                + "\") to run it again from the start.";
    }

    /** The table as a quoted, schema-qualified name. */
    public String qualifiedName() {
        return qualified;
    }


    /**
     * Reads every row in rank order, in one round trip with the table's format. Empty when the table
     * does not exist yet. Call in auto-commit mode, so that a missing table does not abort a transaction.
     *
     * @throws MigrationException with {@link ErrorCode#UNSUPPORTED_HISTORY_FORMAT} when a newer release wrote the table
     */
    public Optional<List<HistoryRow>> read(Connection c) {
        return reader.read(c);
    }

    /** Like {@link #read}, without who, when and how long, and without the format; see {@link HistoryReader#readBrief}. */
    public Optional<List<HistoryRow>> readBrief(Connection c) {
        return reader.readBrief(c);
    }

    /** Like {@link #readBrief}, with the format checked: the read under the migration lock before writing. */
    public Optional<List<HistoryRow>> readBriefToWrite(Connection c) {
        return reader.readBriefToWrite(c);
    }

    /**
     * Refuses a table a newer release wrote, before problems found in its rows are reported: they
     * may only be what this release cannot read.
     *
     * @throws MigrationException with {@link ErrorCode#UNSUPPORTED_HISTORY_FORMAT}
     */
    public void requireKnownFormat(Connection c) throws SQLException {
        reader.requireKnownFormat(c);
    }

    /** Brings a table of an earlier format to this one; see {@link HistoryReader#upgradeIfOlder}. */
    public void upgradeIfOlder(Connection c) {
        reader.upgradeIfOlder(c);
    }

    /**
     * Creates the table, and the managed schema first when it is absent; see {@link HistoryTableShape#create}.
     */
    public void create(Connection c) {
        HistoryTableShape.create(c, schema, qualified);
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
     * written, as the server measures it. {@code first}, a select list (the session's resets), is
     * evaluated before the row is written, in the same statement.
     */
    public String completedSql(int rank, Entry e, String installedBy, HistoryRow.State state, int statements, String first) {
        return "INSERT INTO " + qualified + " (installed_rank, version, description, kind, script, checksum,"
                + " installed_by, started_at, finished_at, execution_ms, state, statements_done, statements_total)"
                + " SELECT " + rank + ", " + Identifiers.literal(e.version() == null ? null : e.version().toString()) + ", "
                + Identifiers.literal(e.description()) + ", " + Identifiers.literal(e.kind().name()) + ", " + Identifiers.literal(e.script()) + ", "
                + Identifiers.literal(e.checksum()) + ", " + (installedBy == null ? "current_user" : Identifiers.literal(installedBy))
                + ", now(), clock_timestamp(), (extract(epoch FROM clock_timestamp() - now()) * 1000)::bigint, "
                + Identifiers.literal(state.name()) + ", " + statements + ", " + statements
                + (first.isEmpty() ? "" : " FROM (SELECT " + first + ") AS session_restored");
    }


    /**
     * Records that a non-transactional run has started, at statement {@code startAt} (0 from the
     * start; later when resuming), run by {@code backend}; progress follows with {@link #progress}.
     */
    public void insertRunning(Connection c, int rank, Entry e, String installedBy, int statements, int startAt, Backend backend)
            throws SQLException {
        boolean legacy = reader.lacksColumns(); // a first-layout table its role cannot extend: no backend columns
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified + " (installed_rank, version, description,"
                + " kind, script, checksum, installed_by, started_at, state, statements_done, statements_total"
                + (legacy ? "" : ", backend_pid, backend_start, application_name") + ") VALUES (?, ?, ?, ?, ?, ?,"
                + " COALESCE(?, current_user), now(), 'RUNNING', ?, ?" + (legacy ? "" : ", ?, ?, ?") + ")")) {
            bindEntry(ps, rank, e, installedBy);
            ps.setInt(8, startAt);
            ps.setInt(9, statements);
            if (!legacy) {
                ps.setInt(10, backend.pid());
                ps.setTimestamp(11, backend.started() == null ? null : Timestamp.from(backend.started()));
                ps.setString(12, backend.applicationName());
            }
            ps.executeUpdate();
        }
    }

    /**
     * Records, before a statement that builds an index concurrently, the OIDs of the indexes its
     * table already has: the proof of which INVALID index that statement leaves if it fails.
     */
    public void noteIndexesBefore(Connection c, int rank, String oids) throws SQLException {
        if (reader.lacksColumns()) {
            return; // nowhere to keep it: a leftover of a failed build is then named, not dropped
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + qualified + " SET indexes_before = ? WHERE installed_rank = ?")) {
            ps.setString(1, oids);
            ps.setInt(2, rank);
            ps.executeUpdate();
        }
    }

    /**
     * Records a transactional attempt that failed and was rolled back, for the record: who, when,
     * the statement it failed at and the error. Such a row blocks nothing.
     */
    public void insertAborted(Connection c, int rank, Entry e, String installedBy, long executionMs, int failedAt, int statements,
                              String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified + " (installed_rank, version, description,"
                + " kind, script, checksum, installed_by, started_at, finished_at, execution_ms, state, statements_done,"
                + " statements_total, error) VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, current_user),"
                + " clock_timestamp() - ? * interval '1 millisecond', clock_timestamp(), ?, 'ABORTED', ?, ?, ?)")) {
            bindEntry(ps, rank, e, installedBy);
            ps.setLong(8, executionMs);
            ps.setLong(9, executionMs);
            ps.setInt(10, failedAt);
            ps.setInt(11, statements);
            ps.setString(12, error);
            ps.executeUpdate();
        }
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

    /** Records that {@code statementsDone} statements of a non-transactional run are complete. */
    public void progress(Connection c, int rank, int statementsDone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + qualified + " SET statements_done = ?"
                + (reader.lacksColumns() ? "" : ", indexes_before = NULL") + " WHERE installed_rank = ?")) {
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

    /** Marks the RUNNING row of a step that refused to run before it changed anything as ABORTED, with why. */
    public void abort(Connection c, int rank, String error, long executionMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + qualified + " SET state = 'ABORTED', finished_at = clock_timestamp(),"
                + " execution_ms = ?, error = ? WHERE installed_rank = ?")) {
            ps.setLong(1, executionMs);
            ps.setString(2, error);
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
            bindEntry(ps, rank, e, installedBy);
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

    private static void bindEntry(PreparedStatement ps, int rank, Entry e, String installedBy) throws SQLException {
        ps.setInt(1, rank);
        ps.setString(2, e.version() == null ? null : e.version().toString());
        ps.setString(3, e.description());
        ps.setString(4, e.kind().name());
        ps.setString(5, e.script());
        ps.setString(6, e.checksum());
        ps.setString(7, installedBy);
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
