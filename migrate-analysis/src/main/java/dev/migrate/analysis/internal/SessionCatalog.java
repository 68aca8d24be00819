package dev.migrate.analysis.internal;

import dev.migrate.analysis.LockLevel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the catalog shows of one session's effects, read before and after each rehearsed statement. */
public final class SessionCatalog {
    private static final String RELATIONS = "SELECT c.oid::bigint, n.nspname || '.' || c.relname, c.relfilenode::bigint"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I', 't') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'";
    private static final String COLUMNS = "SELECT n.nspname || '.' || c.relname, a.attname, format_type(a.atttypid, a.atttypmod),"
            + " a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'";
    private static final String LOCKS = "SELECT l.relation::bigint, l.mode FROM pg_locks l"
            + " WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted AND l.mode <> 'SIReadLock'"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    private SessionCatalog() {
    }

    /** Every user relation's storage ({@code relfilenode}) by OID; fills {@code names} with their qualified names. */
    public static Map<Long, Long> relations(Connection connection, Map<Long, String> names) throws SQLException {
        Map<Long, Long> nodes = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(RELATIONS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                nodes.put(rs.getLong(1), rs.getLong(3));
                names.put(rs.getLong(1), rs.getString(2));
            }
        }
        return nodes;
    }

    /** Column name to "type, not null" for every user table column, keyed "schema.table.column". */
    public static Map<String, String> columns(Connection connection) throws SQLException {
        Map<String, String> columns = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(COLUMNS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3) + (rs.getBoolean(4) ? " not null" : ""));
            }
        }
        return columns;
    }

    /** The columns added, changed and dropped between two {@link #columns} readings, sorted. */
    public static List<String> columnChanges(Map<String, String> before, Map<String, String> after) {
        List<String> changes = new ArrayList<>();
        after.forEach((column, type) -> {
            String old = before.get(column);
            if (old == null) {
                changes.add("column " + column + " added: " + type);
            } else if (!old.equals(type)) {
                changes.add("column " + column + " changed: " + old + " -> " + type);
            }
        });
        before.keySet().stream().filter(c -> !after.containsKey(c)).forEach(c -> changes.add("column " + c + " dropped"));
        changes.sort(null);
        return changes;
    }

    /** The strongest table-level lock this session holds on each relation of this database, by OID. */
    public static Map<Long, LockLevel> locks(Connection connection) throws SQLException {
        Map<Long, LockLevel> strongest = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(LOCKS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                LockLevel level = LockLevel.ofMode(rs.getString(2));
                strongest.merge(rs.getLong(1), level, LockLevel::max);
            }
        }
        return strongest;
    }
}
