package dev.migrate.internal.recovery;

import dev.migrate.internal.jdbc.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the catalog says about the indexes an {@link IndexBuild} touches, and the clean-up of an
 * INVALID one it left.
 *
 * <p>Which INVALID index a build left is proved by three facts together: it is on the build's
 * table, it has the name the build gives it, and its {@code pg_class} row is no older than the
 * transaction id recorded just before the build started (the history's {@code started_xid}):
 * PostgreSQL hands out transaction ids in order, so a row whose {@code xmin} is at or after that
 * id was written after the build began. An index someone made earlier fails the last test and is
 * never dropped; it is only named.
 */
public final class IndexBuilds {
    private IndexBuilds() {
    }

    /**
     * An index as the catalog has it.
     *
     * @param schema       its schema
     * @param name         its name
     * @param valid        {@code pg_index.indisvalid}
     * @param createdSince whether its catalog row is no older than the watermark asked about
     */
    public record IndexState(String schema, String name, boolean valid, boolean createdSince) {
        /** {@code "schema"."name"}, quoted. */
        public String qualified() {
            return Identifiers.qualified(schema, name);
        }
    }

    /**
     * Every index of the build's table. Reads the catalog with the session's search path, as the
     * statement itself did. Empty when the table does not exist.
     *
     * @param watermark a {@code started_xid} to compare each index's age with, or null
     */
    public static List<IndexState> indexes(Connection c, IndexBuild build, Long watermark) throws SQLException {
        String table = build.kind() == IndexBuild.Kind.CREATE || build.kind() == IndexBuild.Kind.REINDEX_TABLE
                ? "pg_catalog.to_regclass(?)"
                : "(SELECT indrelid FROM pg_catalog.pg_index WHERE indexrelid = pg_catalog.to_regclass(?))";
        String sql = "SELECT n.nspname, c.relname, i.indisvalid, pg_catalog.age(c.xmin),"
                + " pg_catalog.txid_snapshot_xmax(pg_catalog.txid_current_snapshot())"
                + " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE i.indrelid = " + table + " ORDER BY c.relname";
        List<IndexState> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, build.relation());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long age = rs.getLong(4);
                    long next = rs.getLong(5);
                    out.add(new IndexState(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                            watermark != null && age <= next - watermark));
                }
            }
        }
        return out;
    }

    /** The INVALID indexes the build left behind after {@code watermark}: the ones it may drop. */
    public static List<IndexState> leftovers(Connection c, IndexBuild build, Long watermark) throws SQLException {
        if (watermark == null || build.kind() == IndexBuild.Kind.DROP) {
            return List.of();
        }
        return indexes(c, build, watermark).stream().filter(i -> !i.valid() && i.createdSince() && build.leaves(i.name())).toList();
    }

    /**
     * The INVALID indexes this build is about after it ran: the index it names (whoever made it:
     * {@code IF NOT EXISTS} skips an INVALID one) and any new one it left.
     */
    public static List<IndexState> invalidAfter(Connection c, IndexBuild build, Long watermark) throws SQLException {
        return indexes(c, build, watermark).stream().filter(i -> !i.valid() && build.leaves(i.name())
                && (i.createdSince() || i.name().equals(build.index()))).toList();
    }

    /**
     * Drops an INVALID index with {@code DROP INDEX CONCURRENTLY}, which waits only on locks that
     * reads and writes never queue behind, so without {@code lock_timeout}; the session's own value
     * is put back afterwards.
     */
    public static void drop(Connection c, IndexState index) throws SQLException {
        try (Statement st = c.createStatement()) {
            String previous;
            try (ResultSet rs = st.executeQuery("SELECT current_setting('lock_timeout'), set_config('lock_timeout', '0', false)")) {
                rs.next();
                previous = rs.getString(1);
            }
            try {
                st.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index.qualified());
            } finally {
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
                    ps.setString(1, previous);
                    ps.execute();
                }
            }
        }
    }

    /** The names, quoted and qualified, for a message. */
    public static String names(List<IndexState> indexes) {
        return String.join(", ", indexes.stream().map(IndexState::qualified).toList());
    }
}
