package dev.migrate.internal.history;

import dev.migrate.DatabaseException;
import dev.migrate.ErrorCode;
import dev.migrate.MigrationException;
import dev.migrate.MigrationKind;
import dev.migrate.Version;
import dev.migrate.internal.jdbc.Identifiers;
import java.sql.Connection;
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
 * Reads the history table's rows, and its format where a reader is about to write or report: the
 * reading half of {@link HistoryTable}. Remembers what the last read found (the format, missing
 * columns) for {@link #upgradeIfOlder}.
 */
final class HistoryReader {
    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.Migrator");
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String INVALID_SCHEMA = "3F000";
    private static final String UNDEFINED_COLUMN = "42703";
    private static final String RUN_COLUMNS = "backend_pid, backend_start, application_name, indexes_before";

    private final String qualified;
    private final String selectAll;
    private final String selectBrief;
    private final String selectAllLegacy;
    private final String selectBriefLegacy;
    private final String readFormat;
    /** The format the last read found; a hint for {@link #upgradeIfOlder}, harmless when stale. */
    private volatile int lastFormat = HistoryTableShape.FORMAT;
    /** Whether the last read found a table without this release's columns, and could not add them. */
    private volatile boolean lastLacksColumns;

    HistoryReader(String qualified) {
        this.qualified = qualified;
        // to_regclass: no row (format 1, nothing to refuse) rather than an error when the table is missing.
        this.readFormat = "SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = pg_catalog.to_regclass("
                + Identifiers.literal(qualified) + ")::pg_catalog.oid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass"
                + " AND d.objsubid = 0";
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
    }

    /**
     * Reads every row in rank order, in one round trip with the table's format. Empty when the table
     * does not exist yet. Must be called in auto-commit mode, so that a missing table does not abort
     * a transaction.
     *
     * @throws MigrationException with {@link ErrorCode#UNSUPPORTED_HISTORY_FORMAT} when a newer release wrote the table
     */
    Optional<List<HistoryRow>> read(Connection c) {
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
    Optional<List<HistoryRow>> readBrief(Connection c) {
        return read(c, selectBrief, false);
    }

    /**
     * Like {@link #readBrief}, in one round trip with the table's format: the read under the
     * migration lock before writing.
     *
     * @throws MigrationException with {@link ErrorCode#UNSUPPORTED_HISTORY_FORMAT} when a newer release wrote the table
     */
    Optional<List<HistoryRow>> readBriefToWrite(Connection c) {
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
     * and refused when the format is newer, before a row is taken apart. Without it, rows that
     * cannot be taken apart are checked against the format before the failure is reported.
     */
    private List<HistoryRow> rows(Connection c, String select, boolean withFormat) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(withFormat ? readFormat + ";\n" + select : select);
            if (withFormat) {
                int format;
                try (ResultSet rs = st.getResultSet()) {
                    format = HistoryTableShape.format(rs.next() ? rs.getString(1) : null);
                }
                requireKnown(format);
                lastFormat = format;
                st.getMoreResults();
            }
            try {
                return decode(st);
            } catch (RuntimeException unreadable) {
                if (!withFormat) {
                    refuseNewer(c); // a newer release's rows: say so, rather than what failed in them
                }
                throw unreadable;
            }
        }
    }

    private static List<HistoryRow> decode(Statement st) throws SQLException {
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

    /** Refuses a table of a newer format, asking for the format by itself. */
    void requireKnownFormat(Connection c) throws SQLException {
        refuseNewer(c);
    }

    /** Whether the last read found a table without this release's columns that could not be added. */
    boolean lacksColumns() {
        return lastLacksColumns;
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
    void upgradeIfOlder(Connection c) {
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
}
