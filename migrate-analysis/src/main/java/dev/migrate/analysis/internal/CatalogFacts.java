package dev.migrate.analysis.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the database says about the tables a plan touches: estimated rows and size (from
 * {@code pg_class}, as of the last VACUUM or ANALYZE) and the leading columns of existing indexes.
 * Read in one query per kind, for the managed schema.
 */
public final class CatalogFacts {
    /** No connection: nothing is known, every table is treated as possibly large. */
    public static final CatalogFacts NONE = new CatalogFacts(Map.of(), Map.of(), Map.of(), java.util.Set.of());

    /**
     * @param rows  estimated rows ({@code reltuples}; -1 when never analysed)
     * @param bytes heap size in bytes
     */
    public record TableSize(long rows, long bytes) {
    }

    private final Map<String, TableSize> sizes;
    private final Map<String, List<List<String>>> indexes;
    private final Map<String, String> columnTypes;
    private final java.util.Set<String> notNullProven;

    private CatalogFacts(Map<String, TableSize> sizes, Map<String, List<List<String>>> indexes, Map<String, String> columnTypes,
                         java.util.Set<String> notNullProven) {
        this.sizes = sizes;
        this.indexes = indexes;
        this.columnTypes = columnTypes;
        this.notNullProven = notNullProven;
    }

    /** Reads table sizes and index columns of {@code schema}; tables are keyed unqualified, and qualified. */
    public static CatalogFacts read(Connection c, String schema) throws SQLException {
        Map<String, TableSize> sizes = new HashMap<>();
        Map<String, List<List<String>>> indexes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, c.relname, c.reltuples::bigint, pg_relation_size(c.oid)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableSize size = new TableSize(rs.getLong(3), rs.getLong(4));
                    sizes.put(rs.getString(1) + "." + rs.getString(2), size);
                    if (rs.getString(1).equals(schema)) {
                        sizes.put(rs.getString(2), size);
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, t.relname, array_agg(a.attname ORDER BY k.ord)"
                + " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
                + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND i.indisvalid"
                + " GROUP BY n.nspname, t.relname, i.indexrelid")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> cols = List.of((String[]) rs.getArray(3).getArray());
                    indexes.computeIfAbsent(rs.getString(1) + "." + rs.getString(2), k -> new ArrayList<>()).add(cols);
                    if (rs.getString(1).equals(schema)) {
                        indexes.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(cols);
                    }
                }
            }
        }
        Map<String, String> columnTypes = new HashMap<>();
        java.util.Set<String> notNullProven = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, t.relname, a.attname, format_type(a.atttypid, a.atttypmod),"
                + " a.attnotnull FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " WHERE a.attnum > 0 AND NOT a.attisdropped AND t.relkind IN ('r', 'p')"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (String key : keys(rs.getString(1), rs.getString(2), schema)) {
                        columnTypes.put(key + "." + rs.getString(3), rs.getString(4));
                        if (rs.getBoolean(5)) {
                            notNullProven.add(key + "." + rs.getString(3));
                        }
                    }
                }
            }
        }
        // Validated CHECK (col IS NOT NULL) constraints let SET NOT NULL skip its scan (PostgreSQL 12+).
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, t.relname, pg_get_constraintdef(k.oid)"
                + " FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " WHERE k.contype = 'c' AND k.convalidated AND n.nspname NOT IN ('pg_catalog', 'information_schema')")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String def = rs.getString(3);
                    String expression = def.startsWith("CHECK ") ? def.substring(6) : def;
                    String table = rs.getString(2);
                    String nsp = rs.getString(1);
                    State.notNullCheckColumn(expression).ifPresent(column -> {
                        for (String key : keys(nsp, table, schema)) {
                            notNullProven.add(key + "." + column);
                        }
                    });
                }
            }
        }
        return new CatalogFacts(sizes, indexes, columnTypes, notNullProven);
    }

    private static List<String> keys(String namespace, String table, String schema) {
        return namespace.equals(schema) ? List.of(namespace + "." + table, table) : List.of(namespace + "." + table);
    }

    /** A column's type as {@code format_type} writes it, e.g. {@code character varying(20)}; null when unknown. */
    public String columnType(String table, String column) {
        return table == null || column == null ? null : columnTypes.get(table + "." + column);
    }

    /** Whether the column is already NOT NULL, or a validated {@code CHECK (column IS NOT NULL)} proves it. */
    public boolean notNullProven(String table, String column) {
        return table != null && column != null && notNullProven.contains(table + "." + column);
    }

    /** The table's size, or null when unknown (no connection, or the table does not exist yet). */
    public TableSize size(String table) {
        return table == null ? null : sizes.get(table);
    }

    public boolean hasIndexLeadingWith(String table, List<String> columns) {
        for (List<String> index : indexes.getOrDefault(table, List.of())) {
            if (index.size() >= columns.size() && index.subList(0, columns.size()).equals(columns)) {
                return true;
            }
        }
        return false;
    }
}
