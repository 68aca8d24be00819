package dev.migrate.internal.recovery;

import dev.migrate.internal.jdbc.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the catalog says about the indexes an {@link IndexBuild} touches, and the clean-up of an
 * INVALID one it left.
 *
 * <p>Which INVALID index a build left is proved by the history: just before the build started, the
 * engine recorded which build it was (kind and index name) and the OIDs of the indexes its table
 * had ({@code indexes_before}). An INVALID index of the same build that is not among them, has
 * the name the build gives it (PostgreSQL picks the name of an
 * unnamed index, so such a leftover is only named, never dropped, and so is a REINDEX copy whose
 * {@code _ccnew} name does not fit) and that no session is building right now
 * ({@code pg_stat_progress_create_index}) was made by that build. Any other INVALID index is only
 * named in messages.
 */
public final class IndexBuilds {
    private IndexBuilds() {
    }

    /**
     * An index as the catalog has it.
     *
     * @param oid      its OID
     * @param schema   its schema
     * @param name     its name
     * @param valid    {@code pg_index.indisvalid}
     * @param building whether a session is building it right now
     */
    public record IndexState(long oid, String schema, String name, boolean valid, boolean building) {
        /** {@code "schema"."name"}, quoted. */
        public String qualified() {
            return Identifiers.qualified(schema, name);
        }
    }

    /**
     * Every index of the build's table and of its TOAST table (where REINDEX leaves copies too),
     * read with the session's search path, as the statement itself resolved its names. Empty when
     * the table does not exist.
     */
    public static List<IndexState> indexes(Connection c, IndexBuild build) throws SQLException {
        String table = build.kind() == IndexBuild.Kind.CREATE || build.kind() == IndexBuild.Kind.REINDEX_TABLE
                ? "pg_catalog.to_regclass(?)"
                : "(SELECT indrelid FROM pg_catalog.pg_index WHERE indexrelid = pg_catalog.to_regclass(?))";
        String sql = "WITH t AS (SELECT " + table + " AS oid)"
                + " SELECT c.oid, n.nspname, c.relname, i.indisvalid,"
                + " EXISTS (SELECT 1 FROM pg_catalog.pg_stat_progress_create_index p WHERE p.index_relid = c.oid)"
                + " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE i.indrelid IN (SELECT oid FROM t UNION ALL"
                + " SELECT reltoastrelid FROM pg_catalog.pg_class WHERE oid = (SELECT oid FROM t))"
                + " ORDER BY c.relname";
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
     * What the history records before the build starts: the build (its kind and index, or table)
     * on the first line, the OIDs of its table's indexes now on the second.
     */
    public static String before(Connection c, IndexBuild build) throws SQLException {
        return identity(build) + "\n" + indexes(c, build).stream().map(i -> Long.toString(i.oid())).collect(Collectors.joining(","));
    }

    private static String identity(IndexBuild build) {
        return build.kind() + ":" + (build.index() != null ? build.index() : build.relation());
    }

    /** The OIDs {@code before} recorded for this build, or null when it recorded another build or nothing. */
    private static Set<Long> existed(IndexBuild build, String before) {
        if (before == null) {
            return null;
        }
        int nl = before.indexOf('\n');
        if (nl < 0 || !before.substring(0, nl).equals(identity(build))) {
            return null;
        }
        Set<Long> out = new HashSet<>();
        Arrays.stream(before.substring(nl + 1).split(",")).filter(s -> !s.isBlank()).forEach(s -> out.add(Long.parseLong(s.strip())));
        return out;
    }

    /**
     * The INVALID indexes the build provably left: not among {@code before} (the history's
     * {@code indexes_before}, recorded for this same build), named as the build names them, and not
     * being built by anyone now. Empty when {@code before} is unknown or was recorded for another build.
     */
    public static List<IndexState> leftovers(Connection c, IndexBuild build, String before) throws SQLException {
        Set<Long> existed = existed(build, before);
        if (existed == null || build.kind() == IndexBuild.Kind.DROP) {
            return List.of();
        }
        return indexes(c, build).stream()
                .filter(i -> !i.valid() && !i.building() && !existed.contains(i.oid()) && build.names(i.name())).toList();
    }

    /**
     * The INVALID indexes this build is about after it ran: the one it names, whoever made it
     * ({@code IF NOT EXISTS} skips an INVALID one), and any it added (not among {@code before}).
     */
    public static List<IndexState> invalidAfter(Connection c, IndexBuild build, String before) throws SQLException {
        Set<Long> existed = existed(build, before);
        return indexes(c, build).stream().filter(i -> !i.valid() && !i.building()
                && (build.kind() == IndexBuild.Kind.CREATE && build.index() != null && build.names(i.name())
                || existed != null && !existed.contains(i.oid()))).toList();
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

    /** Whether {@code before} was recorded for this build. */
    static boolean recorded(IndexBuild build, String before) {
        return existed(build, before) != null;
    }

    /** Whether {@code before}, recorded for this build, lists {@code oid}. */
    static boolean listed(IndexBuild build, String before, long oid) {
        Set<Long> existed = existed(build, before);
        return existed != null && existed.contains(oid);
    }
}
