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
    public static final CatalogFacts NONE = new CatalogFacts(Map.of(), Map.of());

    /**
     * @param rows  estimated rows ({@code reltuples}; -1 when never analysed)
     * @param bytes heap size in bytes
     */
    public record TableSize(long rows, long bytes) {
    }

    private final Map<String, TableSize> sizes;
    private final Map<String, List<List<String>>> indexes;

    private CatalogFacts(Map<String, TableSize> sizes, Map<String, List<List<String>>> indexes) {
        this.sizes = sizes;
        this.indexes = indexes;
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
        return new CatalogFacts(sizes, indexes);
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
