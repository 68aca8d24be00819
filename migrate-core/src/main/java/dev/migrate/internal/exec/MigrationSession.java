package dev.migrate.internal.exec;

import dev.migrate.DatabaseException;
import dev.migrate.internal.history.Backend;
import dev.migrate.internal.jdbc.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The session a migration runs in. Opening it puts the managed schemas first on the search path
 * and sets {@code lock_timeout}, then takes a snapshot of the session's state: the settings
 * changed in this session (what the engine just set and what the connection's owner had set),
 * the role and the session user. {@link #restoreStatements()} put exactly that state back, whatever a
 * migration did with {@code SET}, {@code SET ROLE}, {@code SET SESSION AUTHORIZATION} or
 * {@code set_config}, so no migration can switch off {@code lock_timeout}, move the search path
 * or change the role for the migrations after it, or for the engine's own bookkeeping.
 * {@link #close()} then puts the search path and lock timeout back as they were before.
 *
 * <p>Opening costs one round trip; the restore is one more per migration, inside the pipelined
 * round trip of a transactional migration.
 */
public final class MigrationSession implements AutoCloseable {
    private final Connection connection;
    private final String searchPathBefore;
    private final String lockTimeoutBefore;
    private final Backend backend;
    private final List<String> restoreStatements;

    private MigrationSession(Connection connection, String searchPathBefore, String lockTimeoutBefore, Backend backend,
                             List<String> restoreStatements) {
        this.connection = connection;
        this.searchPathBefore = searchPathBefore;
        this.lockTimeoutBefore = lockTimeoutBefore;
        this.backend = backend;
        this.restoreStatements = restoreStatements;
    }

    /**
     * Sets the session up on {@code c}.
     *
     * @param schemas     the managed schemas, to put first on the search path in this order
     * @param lockTimeout the {@code lock_timeout} for migration statements
     */
    public static MigrationSession open(Connection c, List<String> schemas, Duration lockTimeout) {
        return open(c, schemas.stream().map(Identifiers::quote).collect(Collectors.joining(", ")), lockTimeout.toMillis() + "ms");
    }

    private static MigrationSession open(Connection c, String schemas, String lockTimeout) {
        String sql = "SELECT current_setting('search_path'), current_setting('lock_timeout'),"
                + " set_config('search_path', " + literal(schemas) + " || ', ' || current_setting('search_path'), false),"
                + " set_config('lock_timeout', " + literal(lockTimeout) + ", false);\n"
                + "SELECT pg_backend_pid(), (SELECT backend_start FROM pg_catalog.pg_stat_activity WHERE pid = pg_backend_pid()),"
                + " current_setting('application_name'), session_user, current_setting('role');\n"
                + "SELECT name, setting FROM pg_catalog.pg_settings"
                + " WHERE (source = 'session' OR name = 'statement_timeout') AND name NOT LIKE 'transaction\\_%'";
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            String searchPath;
            String timeout;
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                searchPath = rs.getString(1);
                timeout = rs.getString(2);
            }
            st.getMoreResults();
            Backend backend;
            String sessionUser;
            String role;
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                Timestamp started = rs.getTimestamp(2);
                backend = new Backend(rs.getInt(1), started == null ? null : started.toInstant(), rs.getString(3));
                sessionUser = rs.getString(4);
                role = rs.getString(5);
            }
            st.getMoreResults();
            Map<String, String> settings = new LinkedHashMap<>();
            try (ResultSet rs = st.getResultSet()) {
                while (rs.next()) {
                    settings.put(rs.getString(1), rs.getString(2));
                }
            }
            return new MigrationSession(c, searchPath, timeout, backend, restoreStatements(sessionUser, role, settings));
        } catch (SQLException e) {
            throw new DatabaseException("Cannot prepare the migration session: " + e.getMessage(), e);
        }
    }

    /**
     * The statements that put the snapshot back: {@code statement_timeout} first and alone, so that
     * a tiny value a migration set cannot cut the rest short; the session user (which also resets
     * the role); the role; then every other setting that differs from the snapshot. Every name is
     * schema-qualified, so a search path a migration set cannot redirect them. Safe inside the
     * migration's own transaction, and outside one.
     */
    private static List<String> restoreStatements(String sessionUser, String role, Map<String, String> settings) {
        StringBuilder values = new StringBuilder();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            values.append(values.length() == 0 ? "" : ", ").append('(').append(literal(e.getKey())).append(", ")
                    .append(literal(e.getValue())).append(')');
        }
        return List.of(
                "SELECT pg_catalog.set_config('statement_timeout', " + literal(settings.get("statement_timeout")) + ", false)",
                "SELECT pg_catalog.set_config('session_authorization', " + literal(sessionUser) + ", false)"
                        + " WHERE session_user OPERATOR(pg_catalog.<>) " + literal(sessionUser),
                "SELECT pg_catalog.set_config('role', " + literal(role) + ", false)"
                        + " WHERE pg_catalog.current_setting('role') OPERATOR(pg_catalog.<>) " + literal(role),
                "SELECT pg_catalog.count(pg_catalog.set_config(p.name, COALESCE(s.setting, p.reset_val), false))"
                        + " FROM pg_catalog.pg_settings p LEFT JOIN (VALUES " + values + ") s (name, setting)"
                        + " ON s.name OPERATOR(pg_catalog.=) p.name"
                        + " WHERE (p.source OPERATOR(pg_catalog.=) 'session' OR s.name IS NOT NULL)"
                        + " AND p.name OPERATOR(pg_catalog.!~~) 'transaction\\_%'"
                        + " AND p.setting IS DISTINCT FROM COALESCE(s.setting, p.reset_val)");
    }

    /** The server process this session runs on. */
    public Backend backend() {
        return backend;
    }

    /** The connection the session is set up on. */
    public Connection connection() {
        return connection;
    }

    /**
     * The statements that put the session's state back as it was when it was opened, to send
     * before the engine's own bookkeeping (see {@link #restoreStatements(String, String, Map)}).
     */
    public List<String> restoreStatements() {
        return restoreStatements;
    }

    /** Puts the session's state back as it was when it was opened, now: one round trip. */
    public void restore() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(String.join(";\n", restoreStatements));
        }
    }

    /** Puts the session back, then the search path and lock timeout as they were before it was opened. */
    @Override
    public void close() {
        try (Statement st = connection.createStatement()) {
            st.execute(String.join(";\n", restoreStatements) + ";\nSELECT set_config('search_path', " + literal(searchPathBefore)
                    + ", false), set_config('lock_timeout', " + literal(lockTimeoutBefore) + ", false)");
        } catch (SQLException e) {
            throw new DatabaseException("Cannot restore the session settings after migrating: " + e.getMessage(), e);
        }
    }

    /** {@code value} as an escape string literal, which reads the same whatever {@code standard_conforming_strings} says. */
    private static String literal(String value) {
        return value == null ? "NULL" : "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
