package dev.migrate.zerodowntime.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The table a backfill walks, as the catalog names it, and its primary key in the SQL of the
 * batches: one column, or several compared as a row ({@code (a, b) > (x, y)}, which a btree index
 * on the key serves). A key is persisted as text: the column's text for one column, a
 * {@code text[]} literal for several.
 *
 * @param oid   its OID
 * @param name  schema-qualified and quoted
 * @param keys  its primary-key columns in index order, quoted
 * @param types each key column's type as {@code format_type} prints it, for casting a persisted key back
 */
record Target(long oid, String name, List<String> keys, List<String> types) {
    Target {
        keys = List.copyOf(keys);
        types = List.copyOf(types);
    }

    /**
     * Looks {@code table} up on the session's search path.
     *
     * @throws SQLException naming what is missing: the table, or its primary key
     */
    static Target resolve(Connection c, String table, String script) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.oid::bigint, pg_catalog.quote_ident(n.nspname) || '.'"
                + " || pg_catalog.quote_ident(r.relname), (SELECT pg_catalog.array_agg(pg_catalog.quote_ident(a.attname) ORDER BY k.n)"
                + " FROM pg_catalog.unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n) JOIN pg_catalog.pg_attribute a"
                + " ON a.attrelid = r.oid AND a.attnum = k.attnum WHERE k.n <= i.indnkeyatts), (SELECT pg_catalog.array_agg(pg_catalog.format_type(a.atttypid,"
                + " a.atttypmod) ORDER BY k.n) FROM pg_catalog.unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.attnum WHERE k.n <= i.indnkeyatts)"
                + " FROM pg_catalog.pg_class r"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace"
                + " LEFT JOIN pg_catalog.pg_index i ON i.indrelid = r.oid AND i.indisprimary"
                + " WHERE r.oid = pg_catalog.to_regclass(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException(script + ": the backfill's table " + table + " does not exist (on the search path"
                            + " of the migration)");
                }
                List<String> keys = strings(rs.getArray(3));
                if (keys.isEmpty()) {
                    throw new SQLException(script + ": " + rs.getString(2) + " has no primary key, which a backfill walks in"
                            + " batches; add one first");
                }
                return new Target(rs.getLong(1), rs.getString(2), keys, strings(rs.getArray(4)));
            }
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        List<String> out = new ArrayList<>();
        if (array != null) {
            for (Object o : (Object[]) array.getArray()) {
                out.add((String) o);
            }
        }
        return out;
    }

    /** The key to compare: {@code a}, or {@code (a, b)}. */
    String tuple() {
        return keys.size() == 1 ? keys.get(0) : "(" + String.join(", ", keys) + ")";
    }

    /** The key columns for ORDER BY, each qualified with {@code prefix} (empty, or a name and a dot), descending when asked. */
    String order(String prefix, boolean descending) {
        List<String> parts = new ArrayList<>();
        for (String k : keys) {
            parts.add(prefix + k + (descending ? " DESC" : ""));
        }
        return String.join(", ", parts);
    }

    /** The key as it is persisted: {@code a::text}, or {@code ARRAY[a::text, b::text]::text}, each column after {@code prefix}. */
    String asText(String prefix) {
        if (keys.size() == 1) {
            return prefix + keys.get(0) + "::text";
        }
        List<String> parts = new ArrayList<>();
        for (String k : keys) {
            parts.add(prefix + k + "::text");
        }
        return "ARRAY[" + String.join(", ", parts) + "]::text";
    }

    /** A persisted key as a value to compare {@link #tuple()} with. */
    String value(String persisted) {
        if (keys.size() == 1) {
            return Sql.literal(persisted) + "::" + types.get(0);
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            parts.add("(" + Sql.literal(persisted) + "::text[])[" + (i + 1) + "]::" + types.get(i));
        }
        return "(" + String.join(", ", parts) + ")";
    }

    /**
     * The key at most {@code persisted}'s (a persisted key), or {@code cte}'s one row when
     * {@code persisted} is null. For several columns spelled out column by column, {@code a < x OR
     * (a = x AND b <= y)}, rather than {@code (a, b) <= (x, y)}: before PostgreSQL 18 a btree scan
     * stops on a row comparison's first column only, and would read the rest of a large {@code a}.
     */
    String atMost(String persisted, String cte) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            values.add(persisted != null ? (keys.size() == 1 ? Sql.literal(persisted) + "::" + types.get(0)
                    : "(" + Sql.literal(persisted) + "::text[])[" + (i + 1) + "]::" + types.get(i))
                    : "(SELECT migrate_k" + (i + 1) + " FROM " + cte + ")");
        }
        if (keys.size() == 1) {
            return keys.get(0) + " <= " + values.get(0);
        }
        List<String> branches = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            StringBuilder b = new StringBuilder("(");
            for (int j = 0; j < i; j++) {
                b.append(keys.get(j)).append(" = ").append(values.get(j)).append(" AND ");
            }
            b.append(keys.get(i)).append(i < keys.size() - 1 ? " < " : " <= ").append(values.get(i)).append(')');
            branches.add(b.toString());
        }
        return "(" + String.join(" OR ", branches) + ")";
    }

    /** The batch's key columns, aliased: {@code a AS migrate_k1, b AS migrate_k2}. */
    String aliased() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            parts.add(keys.get(i) + " AS migrate_k" + (i + 1));
        }
        return String.join(", ", parts);
    }

    /** The aliases of {@link #aliased()}, as a key whose columns are named so: for ORDER BY and {@link #asText}. */
    Target asAliases() {
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            aliases.add("migrate_k" + (i + 1));
        }
        return new Target(oid, name, aliases, types);
    }

    /** The key's description for messages: {@code id}, or {@code (tenant, id)}. */
    @Override
    public String toString() {
        return name + " " + tuple();
    }
}
