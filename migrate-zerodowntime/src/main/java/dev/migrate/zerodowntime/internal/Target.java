package dev.migrate.zerodowntime.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The table a backfill walks, as the catalog names it.
 *
 * @param oid  its OID
 * @param name schema-qualified and quoted
 * @param key  its single primary-key column, quoted
 * @param type the key's type as {@code format_type} prints it, for casting the persisted cursor back
 */
record Target(long oid, String name, String key, String type) {

    /**
     * Looks {@code table} up on the session's search path.
     *
     * @throws SQLException naming what is missing: the table, or a primary key of one column
     */
    static Target resolve(Connection c, String table, String script) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.oid::bigint, pg_catalog.quote_ident(n.nspname) || '.'"
                + " || pg_catalog.quote_ident(r.relname), pg_catalog.quote_ident(a.attname), pg_catalog.format_type(a.atttypid,"
                + " a.atttypmod), pg_catalog.array_length(i.indkey::int2[], 1) FROM pg_catalog.pg_class r"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace"
                + " LEFT JOIN pg_catalog.pg_index i ON i.indrelid = r.oid AND i.indisprimary"
                + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum = i.indkey[0]"
                + " WHERE r.oid = pg_catalog.to_regclass(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException(script + ": the backfill's table " + table + " does not exist (on the search path"
                            + " of the migration)");
                }
                if (rs.getString(3) == null) {
                    throw new SQLException(script + ": " + rs.getString(2) + " has no primary key, which a backfill walks in"
                            + " batches; add one first");
                }
                if (rs.getInt(5) != 1) {
                    throw new SQLException(script + ": " + rs.getString(2) + " has a primary key of " + rs.getInt(5)
                            + " columns; a backfill walks a single-column key (composite keys are not supported yet)");
                }
                return new Target(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        }
    }
}
