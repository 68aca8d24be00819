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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The session a migration runs in. Opening it puts the managed schemas first on the search path
 * and sets {@code lock_timeout}, then takes a snapshot of what the engine's protections stand on:
 * the timeouts, the search path, read-only and other defaults, the role and the session user; and,
 * when a migration of the run may change settings itself, every setting changed in the session.
 * Putting that back after each migration means no migration can switch off {@code lock_timeout},
 * move the search path or change the role for the migrations after it, or for the engine's own
 * bookkeeping. {@link #close()} then puts the search path and lock timeout back as they were.
 *
 * <p>What it costs, since every migration pays it: opening is one round trip. After a migration
 * that cannot have changed settings by itself, the essential ones are reset inside the statement
 * that writes its history row ({@link #inlineRestore()}), which costs no statement; after one that
 * may have ({@code SET}, {@code RESET}, {@code set_config}, {@code DO}, {@code CALL}, Java code,
 * callbacks), two statements put the role, the session user and every changed setting back first
 * ({@link #restoreStatements()}).
 */
public final class MigrationSession implements AutoCloseable {
    /** User-settable settings the protections stand on: put back after every migration, cheaply. */
    private static final List<String> ESSENTIAL = List.of("statement_timeout", "lock_timeout", "search_path",
            "idle_in_transaction_session_timeout", "transaction_timeout", "default_transaction_read_only");

    /** The settings this session changed: what the full snapshot holds. */
    private static final String CHANGED = "SELECT name, setting FROM pg_catalog.pg_settings WHERE source = 'session'"
            + " AND name NOT LIKE 'transaction\\_%'";

    private final Connection connection;
    private final String searchPathBefore;
    private final String lockTimeoutBefore;
    private final Backend backend;
    private final String inline;
    private final String sessionUser;
    private final String role;
    private final Map<String, String> values;
    private List<String> restore;
    private boolean full;

    private MigrationSession(Connection connection, String searchPathBefore, String lockTimeoutBefore, Backend backend,
                             String sessionUser, String role, Map<String, String> values) {
        this.connection = connection;
        this.searchPathBefore = searchPathBefore;
        this.lockTimeoutBefore = lockTimeoutBefore;
        this.backend = backend;
        this.sessionUser = sessionUser;
        this.role = role;
        this.values = values;
        this.inline = inline(values);
        this.restore = List.of(restoreProtected(sessionUser, role, values));
    }

    /**
     * Sets the session up on {@code c}.
     *
     * @param schemas     the managed schemas, to put first on the search path in this order
     * @param lockTimeout the {@code lock_timeout} for migration statements
     * @param full        whether to snapshot every setting changed in the session, for migrations
     *                    that may change settings themselves (costs a read of {@code pg_settings})
     */
    public static MigrationSession open(Connection c, List<String> schemas, Duration lockTimeout, boolean full) {
        String quoted = schemas.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        List<String> names = ESSENTIAL;
        String sql = "SELECT current_setting('search_path'), current_setting('lock_timeout'),"
                + " set_config('search_path', " + Identifiers.literal(quoted) + " || ', ' || current_setting('search_path'), false),"
                + " set_config('lock_timeout', " + Identifiers.literal(lockTimeout.toMillis() + "ms") + ", false);\n"
                + "SELECT pg_backend_pid(), (SELECT backend_start FROM pg_catalog.pg_stat_activity WHERE pid = pg_backend_pid()),"
                + " current_setting('application_name'), session_user, current_setting('role')"
                + names.stream().map(n -> ", current_setting('" + n + "', true)").collect(Collectors.joining())
                + (full ? ";\n" + CHANGED : "");
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
            Map<String, String> values = new LinkedHashMap<>();
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                Timestamp started = rs.getTimestamp(2);
                backend = new Backend(rs.getInt(1), started == null ? null : started.toInstant(), rs.getString(3));
                sessionUser = rs.getString(4);
                role = rs.getString(5);
                for (int i = 0; i < names.size(); i++) {
                    String value = rs.getString(6 + i);
                    if (value != null) {
                        values.put(names.get(i), value);
                    }
                }
            }
            MigrationSession session = new MigrationSession(c, searchPath, timeout, backend, sessionUser, role, values);
            if (full) {
                st.getMoreResults();
                try (ResultSet rs = st.getResultSet()) {
                    session.snapshotChanged(rs);
                }
            }
            return session;
        } catch (SQLException e) {
            throw new DatabaseException("Cannot prepare the migration session: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the full snapshot now, if opening did not: before a migration that may change settings
     * itself. The session's state is the engine's at this point, since every migration before was
     * put back.
     */
    public void requireFull() throws SQLException {
        if (!full) {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(CHANGED)) {
                snapshotChanged(rs);
            }
        }
    }

    private void snapshotChanged(ResultSet rs) throws SQLException {
        Map<String, String> changed = new LinkedHashMap<>();
        while (rs.next()) {
            changed.put(rs.getString(1), rs.getString(2));
        }
        // statement_timeout alone first, so that a tiny value cannot cut the reads of pg_settings short.
        // Settings only a superuser may set go back while a superuser identity is at hand: the script's
        // role (it may be a granted superuser role), else the session user's own.
        List<String> all = new ArrayList<>();
        all.add("SELECT pg_catalog.set_config('statement_timeout', " + Identifiers.literal(values.get("statement_timeout")) + ", false)");
        all.add(restoreChanged(changed, true));
        all.add("SELECT CASE WHEN session_user OPERATOR(pg_catalog.<>) " + Identifiers.literal(sessionUser)
                + " THEN pg_catalog.set_config('session_authorization', " + Identifiers.literal(sessionUser) + ", false) END,"
                + " CASE WHEN pg_catalog.current_setting('role') OPERATOR(pg_catalog.<>) 'none'"
                + " THEN pg_catalog.set_config('role', 'none', false) END");
        all.add(restoreChanged(changed, true));
        all.add(restoreProtected(sessionUser, role, values));
        all.add(restoreChanged(changed, false));
        restore = List.copyOf(all);
        full = true;
    }

    /** The essential settings' resets, as a select list (set_config calls), with the snapshot's values. */
    private static String inline(Map<String, String> values) {
        return ESSENTIAL.stream().filter(values::containsKey)
                .map(n -> "pg_catalog.set_config(" + Identifiers.literal(n) + ", " + Identifiers.literal(values.get(n)) + ", false)")
                .collect(Collectors.joining(", "));
    }

    /**
     * One statement: {@code statement_timeout} first (so that a tiny value a migration set does not
     * reach what follows), the session user (which also resets the role), the role, then the other
     * essential settings; the target list is evaluated in order. Each is only set where it differs
     * from the snapshot. Every name is schema-qualified, so a search path a migration set cannot
     * redirect them.
     */
    private static String restoreProtected(String sessionUser, String role, Map<String, String> values) {
        StringBuilder sql = new StringBuilder("SELECT pg_catalog.set_config('statement_timeout', ")
                .append(Identifiers.literal(values.get("statement_timeout"))).append(", false)");
        sql.append(", CASE WHEN session_user OPERATOR(pg_catalog.<>) ").append(Identifiers.literal(sessionUser))
                .append(" THEN pg_catalog.set_config('session_authorization', ").append(Identifiers.literal(sessionUser)).append(", false) END");
        sql.append(", ").append(ifChanged("role", role));
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!e.getKey().equals("statement_timeout")) {
                sql.append(", ").append(ifChanged(e.getKey(), e.getValue()));
            }
        }
        return sql.toString();
    }

    private static String ifChanged(String name, String value) {
        return "CASE WHEN pg_catalog.current_setting(" + Identifiers.literal(name) + ") IS DISTINCT FROM " + Identifiers.literal(value)
                + " THEN pg_catalog.set_config(" + Identifiers.literal(name) + ", " + Identifiers.literal(value) + ", false) END";
    }

    /**
     * One statement that puts every other setting back, of those only a superuser may set
     * ({@code superuser}: and only while the current role is a superuser, else it waits for the
     * next such statement) or of all the others: each one changed in this session returns to its
     * snapshot value, or, if the snapshot did not have it changed, to the value it had before the
     * session changed it. {@code temp_buffers} is left alone: it cannot change once the session has
     * used a temporary table.
     */
    private static String restoreChanged(Map<String, String> settings, boolean superuser) {
        StringBuilder values = new StringBuilder();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            values.append(values.length() == 0 ? "" : ", ").append('(').append(Identifiers.literal(e.getKey())).append(", ")
                    .append(Identifiers.literal(e.getValue())).append(')');
        }
        String snapshot = values.length() == 0 ? "SELECT NULL::text, NULL::text WHERE false" : "VALUES " + values;
        return "SELECT pg_catalog.count(pg_catalog.set_config(p.name, COALESCE(s.setting, p.reset_val), false))"
                + " FROM pg_catalog.pg_settings p LEFT JOIN (" + snapshot + ") s (name, setting)"
                + " ON s.name OPERATOR(pg_catalog.=) p.name"
                + " WHERE (p.source OPERATOR(pg_catalog.=) 'session' OR s.name IS NOT NULL)"
                + " AND p.name OPERATOR(pg_catalog.!~~) 'transaction\\_%'"
                + " AND p.name OPERATOR(pg_catalog.<>) 'temp_buffers'"
                + " AND (p.context OPERATOR(pg_catalog.=) 'superuser') = " + superuser
                + (superuser ? " AND (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) current_user)" : "")
                + " AND p.setting IS DISTINCT FROM COALESCE(s.setting, p.reset_val)";
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
     * The essential settings' resets as a select list of {@code set_config} calls, for the
     * statement that writes a migration's history row to evaluate first.
     */
    public String inlineRestore() {
        return inline;
    }

    /**
     * The statements that put the session's state back as it was when it was opened: the role,
     * the session user and the protected settings; with a full snapshot, every other setting
     * changed in the session too.
     */
    public List<String> restoreStatements() {
        return restore;
    }

    /** Puts the session's state back as it was when it was opened, now: one round trip. */
    public void restore() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(String.join(";\n", restore));
        }
    }

    /** Puts the session back, then the search path and lock timeout as they were before it was opened. */
    @Override
    public void close() {
        try (Statement st = connection.createStatement()) {
            st.execute(String.join(";\n", restore) + ";\nSELECT set_config('search_path', " + Identifiers.literal(searchPathBefore)
                    + ", false), set_config('lock_timeout', " + Identifiers.literal(lockTimeoutBefore) + ", false)");
        } catch (SQLException e) {
            throw new DatabaseException("Cannot restore the session settings after migrating: " + e.getMessage(), e);
        }
    }

    /** {@code value} as an escape string literal, which reads the same whatever {@code standard_conforming_strings} says. */
}
