package dev.migrate.internal.recovery;

import dev.migrate.internal.jdbc.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the catalog says about the indexes an {@link IndexBuild} touches, and the clean-up of an
 * INVALID one it left.
 *
 * <p>Which INVALID index a build left is proved by the history: just before the build started, the
 * engine recorded which build it was (its kind, its table's OID and its index name) and the OIDs
 * of the indexes the table had then, with their validity ({@code indexes_before}). An INVALID
 * index of that same build is its leftover when it is named as the build names it and either is
 * new (not among the recorded OIDs) or, for a REINDEX, is the old index renamed {@code _ccold} (a
 * swap keeps the OIDs) that was valid before. It is dropped only when no other session is building
 * an index on the table, and when its schema can be used ({@code pg_toast} copies need a
 * superuser). An unnamed build's leftover has a name PostgreSQL picked, so it is only named, as is
 * any other INVALID index.
 */
public final class IndexBuilds {
    private IndexBuilds() {
    }

    /**
     * An index as the catalog has it.
     *
     * @param oid       its OID
     * @param schema    its schema
     * @param name      its name
     * @param valid     {@code pg_index.indisvalid}
     * @param droppable whether the engine may drop it: no other session is building an index on
     *                  the table (pg_locks joined with pg_stat_progress_create_index, which every
     *                  role can read), and its schema can be used
     */
    public record IndexState(long oid, String schema, String name, boolean valid, boolean droppable) {
        /** {@code "schema"."name"}, quoted. */
        public String qualified() {
            return Identifiers.qualified(schema, name);
        }
    }

    private static String table(IndexBuild build) {
        return build.kind() == IndexBuild.Kind.CREATE || build.kind() == IndexBuild.Kind.REINDEX_TABLE
                ? "pg_catalog.to_regclass(?)"
                : "(SELECT indrelid FROM pg_catalog.pg_index WHERE indexrelid = pg_catalog.to_regclass(?))";
    }

    /**
     * Every index of the build's table, of its partitions and of their TOAST tables (where REINDEX
     * leaves copies too), read with the session's search path, as the statement itself resolved
     * its names. Empty when the table does not exist.
     */
    public static List<IndexState> indexes(Connection c, IndexBuild build) throws SQLException {
        String sql = "WITH t AS (SELECT " + table(build) + " AS oid),"
                + " rels AS (SELECT oid FROM t WHERE oid IS NOT NULL"
                + " UNION SELECT relid FROM pg_catalog.pg_partition_tree((SELECT oid FROM t))),"
                + " indexed AS (SELECT oid FROM rels UNION SELECT reltoastrelid FROM pg_catalog.pg_class"
                + " WHERE oid IN (SELECT oid FROM rels) AND reltoastrelid <> 0),"
                + " others AS (SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_locks l"
                + " JOIN pg_catalog.pg_stat_progress_create_index p ON p.pid = l.pid"
                + " WHERE l.pid <> pg_catalog.pg_backend_pid() AND l.locktype = 'relation'"
                + " AND l.relation IN (SELECT oid FROM rels)) AS building)"
                + " SELECT c.oid, n.nspname, c.relname, i.indisvalid,"
                + " NOT (SELECT building FROM others) AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')"
                + " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE i.indrelid IN (SELECT oid FROM indexed) ORDER BY c.relname";
        List<IndexState> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, build.relation());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new IndexState(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5)));
                }
            }
        }
        return out;
    }

    /**
     * What the history records before the build starts: which build it is (kind, table OID, index
     * name) on the first line, the OIDs of its table's indexes now on the second, each with
     * {@code :v} (valid) or {@code :i} (INVALID).
     */
    public static String before(Connection c, IndexBuild build) throws SQLException {
        return identity(c, build) + "\n" + indexes(c, build).stream().map(i -> i.oid() + (i.valid() ? ":v" : ":i"))
                .collect(Collectors.joining(","));
    }

    private static String identity(Connection c, IndexBuild build) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + table(build) + "::oid")) {
            ps.setString(1, build.relation());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return build.kind() + ":" + rs.getLong(1) + ":" + (build.index() == null ? "" : build.index());
            }
        }
    }

    /** The indexes {@code before} recorded (OID to whether it was valid), or null when it recorded another build or nothing. */
    private static Map<Long, Boolean> existed(Connection c, IndexBuild build, String before) throws SQLException {
        if (before == null) {
            return null;
        }
        int nl = before.indexOf('\n');
        if (nl < 0 || !before.substring(0, nl).equals(identity(c, build))) {
            return null;
        }
        Map<Long, Boolean> out = new HashMap<>();
        for (String entry : before.substring(nl + 1).split(",")) {
            int colon = entry.indexOf(':');
            if (colon > 0) {
                out.put(Long.parseLong(entry.substring(0, colon).strip()), entry.endsWith(":v"));
            }
        }
        return out;
    }

    /**
     * The INVALID indexes the build provably left (see the class comment), which the engine may
     * drop. Empty when {@code before} is unknown or was recorded for another build.
     */
    public static List<IndexState> leftovers(Connection c, IndexBuild build, String before) throws SQLException {
        Map<Long, Boolean> existed = existed(c, build, before);
        if (existed == null || build.kind() == IndexBuild.Kind.DROP) {
            return List.of();
        }
        return indexes(c, build).stream().filter(i -> !i.valid() && i.droppable() && build.names(i.name())
                && (!existed.containsKey(i.oid()) || existed.get(i.oid()) && i.name().contains("_ccold"))).toList();
    }

    /**
     * The INVALID indexes this build is about after it ran: the one it names, whoever made it
     * ({@code IF NOT EXISTS} skips an INVALID one), any it added (not among {@code before}), and
     * any that was valid before and is INVALID now (REINDEX's {@code _ccold}, or a rebuild that
     * failed part-way).
     */
    public static List<IndexState> invalidAfter(Connection c, IndexBuild build, String before) throws SQLException {
        Map<Long, Boolean> existed = existed(c, build, before);
        return indexes(c, build).stream().filter(i -> !i.valid()
                && (build.kind() == IndexBuild.Kind.CREATE && build.index() != null && build.names(i.name())
                || existed != null && (!existed.containsKey(i.oid()) || existed.get(i.oid())))).toList();
    }

    /** Whether {@code before} was recorded for this build. */
    public static boolean recorded(Connection c, IndexBuild build, String before) throws SQLException {
        return existed(c, build, before) != null;
    }

    /** Whether {@code before}, recorded for this build, lists {@code oid}. */
    static boolean listed(Connection c, IndexBuild build, String before, long oid) throws SQLException {
        Map<Long, Boolean> existed = existed(c, build, before);
        return existed != null && existed.containsKey(oid);
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

    /**
     * After {@code REINDEX SCHEMA|DATABASE|SYSTEM ... CONCURRENTLY}, which rebuilds many tables'
     * indexes: the INVALID {@code _ccnew} / {@code _ccold} copies left in that schema (or anywhere in
     * the database), which mean that some rebuild did not complete. They are named, never dropped.
     *
     * @param schema the schema for REINDEX SCHEMA, or null for the whole database
     */
    public static List<IndexState> invalidCopies(Connection c, String schema) throws SQLException {
        String sql = "SELECT c.oid, n.nspname, c.relname, false, false FROM pg_catalog.pg_index i"
                + " JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE NOT i.indisvalid AND c.relname ~ '_cc(new|old)[0-9]*$'"
                + (schema == null ? "" : " AND n.oid = pg_catalog.to_regnamespace(?)") + " ORDER BY 2, 3";
        List<IndexState> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (schema != null) {
                ps.setString(1, schema);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new IndexState(rs.getLong(1), rs.getString(2), rs.getString(3), false, false));
                }
            }
        }
        return out;
    }

    /** The names, quoted and qualified, for a message. */
    public static String names(List<IndexState> indexes) {
        return String.join(", ", indexes.stream().map(IndexState::qualified).toList());
    }
}
