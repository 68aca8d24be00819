package dev.migrate.internal.history;

import dev.migrate.DatabaseException;
import dev.migrate.ErrorCode;
import dev.migrate.MigrationException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history table: one row per applied (or failed) migration, in order of application. All SQL
 * that touches it lives here; every identifier is quoted.
 */
public final class HistoryTable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.Migrator");
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String INVALID_SCHEMA = "3F000";
    private static final String UNDEFINED_COLUMN = "42703";
    private static final String RUN_COLUMNS = "backend_pid, backend_start, application_name, indexes_before";

    private final String schema;
    private final String table;
    private final String qualified;
    private final String selectAll;
    private final String selectBrief;
    private final String selectAllLegacy;
    private final String selectBriefLegacy;
    private final String insert;
    private final String readFormat;
    /** The format the last read found; a hint for {@link #upgradeIfOlder}, harmless when stale. */
    private volatile int lastFormat = HistoryTableShape.FORMAT;
    /** Whether this object just made the (empty) table, so that the next read knows its format without asking. */
    private volatile boolean createdHere;
    /** Whether the last read found a table without this release's columns, and could not add them. */
    private volatile boolean lastLacksColumns;

    public HistoryTable(String schema, String table) {
        this.schema = schema;
        this.table = table;
        this.qualified = Identifiers.qualified(schema, table);
        this.readFormat = "SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = " + Identifiers.literal(qualified)
                + "::pg_catalog.regclass AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid = 0";
        this.selectAll = "SELECT installed_rank, version, description, kind, script, checksum, installed_by, started_at,"
                + " execution_ms, state, statements_done, statements_total, error, " + RUN_COLUMNS + " FROM " + qualified
                + " ORDER BY installed_rank";
        this.selectBrief = "SELECT installed_rank, version, description, kind, script, checksum, NULL, NULL,"
                + " NULL, state, statements_done, statements_total, error, " + RUN_COLUMNS + " FROM " + qualified
                + " ORDER BY installed_rank";
        // For a table an earlier release made, where adding the new columns is not possible (a read-only
        // role, a hot standby): the same rows without what those columns hold.
        this.selectAllLegacy = selectAll.replace(RUN_COLUMNS, "NULL, NULL, NULL, NULL");
        this.selectBriefLegacy = selectBrief.replace(RUN_COLUMNS, "NULL, NULL, NULL, NULL");
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
     * does not exist yet. Must be called in auto-commit mode, so that a missing table does not abort
     * a transaction.
     *
     * @throws MigrationException with {@link ErrorCode#UNSUPPORTED_HISTORY_FORMAT} when a newer release wrote the table
     */
    public Optional<List<HistoryRow>> read(Connection c) {
        return read(c, selectAll, true);
    }

    /**
     * Like {@link #read(Connection)}, without who applied each row, when and how long it took
     * ({@code installedBy}, {@code startedAt} and {@code executionMs} are null): what deciding
     * what to apply needs, at about half the cost on a long history. It does not ask for the
     * format: a restart with nothing pending reads a newer release's table as long as its rows can
     * be read, so an older replica still starts during a rolling deploy; whatever writes reads the
     * table with {@link #read(Connection)} or {@link #readBriefToWrite} under the migration lock first.
     */
    public Optional<List<HistoryRow>> readBrief(Connection c) {
        return read(c, selectBrief, false);
    }

    /**
     * Like {@link #readBrief}, in one round trip with the table's format: the read under the
     * migration lock before writing.
     *
     * @throws MigrationException with {@link ErrorCode#UNSUPPORTED_HISTORY_FORMAT} when a newer release wrote the table
     */
    public Optional<List<HistoryRow>> readBriefToWrite(Connection c) {
        return read(c, selectBrief, true);
    }

    private Optional<List<HistoryRow>> read(Connection c, String select, boolean withFormat) {
        try {
            List<HistoryRow> rows = rows(c, select, withFormat);
            lastLacksColumns = false;
            return Optional.of(rows);
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState()) || INVALID_SCHEMA.equals(e.getSQLState())) {
                lastFormat = HistoryTableShape.FORMAT; // create() makes this release's format
                lastLacksColumns = false;
                return Optional.empty();
            }
            if (UNDEFINED_COLUMN.equals(e.getSQLState())) {
                try {
                    // A newer format may have dropped or renamed a column: refuse it before changing anything.
                    refuseNewer(c);
                    HistoryTableShape.upgrade(c, qualified);
                    return Optional.of(rows(c, select, withFormat));
                } catch (DatabaseException cannotUpgrade) {
                    try {
                        List<HistoryRow> rows = rows(c, select == selectAll ? selectAllLegacy : selectBriefLegacy, withFormat);
                        lastLacksColumns = true;
                        return Optional.of(rows);
                    } catch (SQLException again) {
                        e = again;
                    }
                } catch (SQLException again) {
                    e = again;
                }
            }
            throw new DatabaseException("Cannot read the history table " + qualified + ": " + e.getMessage(), e);
        }
    }

    /**
     * The rows; {@code withFormat}, read in the same round trip as the table's format (its comment),
     * and refused when the format is newer, before a row is taken apart. A table this object has
     * just created is of this release's format without asking.
     */
    private List<HistoryRow> rows(Connection c, String select, boolean withFormat) throws SQLException {
        boolean ours = createdHere;
        createdHere = false;
        boolean ask = withFormat && !ours;
        try (Statement st = c.createStatement()) {
            st.execute(ask ? readFormat + ";\n" + select : select);
            if (ask) {
                int format;
                try (ResultSet rs = st.getResultSet()) {
                    format = HistoryTableShape.format(rs.next() ? rs.getString(1) : null);
                }
                requireKnown(format);
                lastFormat = format;
                st.getMoreResults();
            } else if (ours) {
                lastFormat = HistoryTableShape.FORMAT;
            }
            List<HistoryRow> rows = new ArrayList<>();
            try (ResultSet rs = st.getResultSet()) {
                while (rs.next()) {
                    String version = rs.getString(2);
                    Timestamp started = rs.getTimestamp(8);
                    long ms = rs.getLong(9);
                    Long executionMs = rs.wasNull() ? null : ms;
                    int pid = rs.getInt(14);
                    Backend backend = rs.wasNull() ? null : new Backend(pid, instant(rs.getTimestamp(15)), rs.getString(16));
                    String indexesBefore = rs.getString(17);
                    rows.add(new HistoryRow(rs.getInt(1), version == null ? null : Version.parse(version), rs.getString(3),
                            MigrationKind.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                            instant(started), executionMs, state(rs.getInt(1), rs.getString(10)),
                            rs.getInt(11), rs.getInt(12), rs.getString(13), backend, indexesBefore));
                }
            }
            return rows;
        }
    }

    /** Reads the table's format by itself (its rows could not tell it) and refuses a newer one. */
    private int refuseNewer(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(readFormat)) {
            int format = HistoryTableShape.format(rs.next() ? rs.getString(1) : null);
            requireKnown(format);
            return format;
        }
    }

    private void requireKnown(int format) {
        if (format > HistoryTableShape.FORMAT) {
            throw new MigrationException(ErrorCode.UNSUPPORTED_HISTORY_FORMAT, "The history table " + qualified + " has format "
                    + format + ", written by a newer release of migrate; this release knows formats up to "
                    + HistoryTableShape.FORMAT + " and cannot tell what the table holds. Run a release that knows format "
                    + format + " (the one that last migrated this database, or newer).");
        }
    }

    private static HistoryRow.State state(int rank, String state) {
        try {
            return HistoryRow.State.valueOf(state);
        } catch (IllegalArgumentException e) {
            throw new DatabaseException("History row " + rank + " has the state '" + state + "', which this release of migrate"
                    + " does not know: a newer release wrote it. Run that release (or a newer one); it knows what the row means.", e);
        }
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /**
     * Upgrades a table an earlier release made to this release's format (see {@link HistoryTableShape}),
     * when the last read found an older one: call it under the migration lock, after reading, before
     * writing rows. Costs nothing for a table of this format.
     */
    public void upgradeIfOlder(Connection c) {
        if (lastFormat >= HistoryTableShape.FORMAT) {
            return;
        }
        if (lastLacksColumns) {
            try {
                HistoryTableShape.upgrade(c, qualified);
                lastLacksColumns = false;
            } catch (DatabaseException notOwner) {
                // As before formats were marked: a role that cannot alter the table still migrates, without
                // the columns that make recovery after a crash exact.
                LOG.warn("{}; migrating without them", notOwner.getMessage());
                return;
            }
        } else {
            HistoryTableShape.mark(c, qualified);
        }
        lastFormat = HistoryTableShape.FORMAT;
    }

    /**
     * Creates the table, and the managed schema first when it is absent; see {@link HistoryTableShape#create}.
     */
    public void create(Connection c) {
        createdHere = HistoryTableShape.create(c, schema, qualified);
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
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified + " (installed_rank, version, description,"
                + " kind, script, checksum, installed_by, started_at, state, statements_done, statements_total, backend_pid,"
                + " backend_start, application_name) VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, current_user), now(), 'RUNNING',"
                + " ?, ?, ?, ?, ?)")) {
            bindEntry(ps, rank, e, installedBy);
            ps.setInt(8, startAt);
            ps.setInt(9, statements);
            ps.setInt(10, backend.pid());
            ps.setTimestamp(11, backend.started() == null ? null : Timestamp.from(backend.started()));
            ps.setString(12, backend.applicationName());
            ps.executeUpdate();
        }
    }

    /**
     * Records, before a statement that builds an index concurrently, the OIDs of the indexes its
     * table already has: the proof of which INVALID index that statement leaves if it fails.
     */
    public void noteIndexesBefore(Connection c, int rank, String oids) throws SQLException {
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
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + qualified + " SET statements_done = ?, indexes_before = NULL"
                + " WHERE installed_rank = ?")) {
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
