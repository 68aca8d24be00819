package dev.migrate.testkit.internal;

import dev.migrate.DatabaseException;
import dev.migrate.testkit.DatabaseProvider;
import dev.migrate.testkit.TestDatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code CREATE DATABASE} and {@code DROP DATABASE} on a provider's server, through its admin connection. */
public final class Databases {
    private static final String OBJECT_IN_USE = "55006";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(10);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(20);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(500);

    private Databases() {
    }

    /**
     * Creates {@code name}, as a copy of {@code template} when not null. PostgreSQL refuses to copy a
     * database other sessions are connected to (SQLSTATE 55006); a session that just closed can
     * linger for a moment, so that is retried with a growing pause for a few seconds.
     */
    static void create(DatabaseProvider provider, String name, String template) {
        String sql = "CREATE DATABASE " + Identifiers.quote(name) + (template == null ? "" : " TEMPLATE " + Identifiers.quote(template));
        String source = template == null ? "template1" : template;
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        Duration pause = FIRST_PAUSE;
        try (Connection c = connect(provider); Statement st = c.createStatement()) {
            while (true) {
                try {
                    st.execute(sql);
                    return;
                } catch (SQLException e) {
                    if (!OBJECT_IN_USE.equals(e.getSQLState())) {
                        throw failure("Cannot create database " + name + (template == null ? "" : " from template " + template),
                                provider, e);
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new DatabaseException("Cannot create database " + name + " from " + source + " on "
                                + provider.describe() + ": other sessions stayed connected to " + source + " for "
                                + GIVE_UP_AFTER.toSeconds() + " s (SQLSTATE 55006). Connected now: " + sessions(c, source)
                                + ". Nothing may connect to a template database: close those sessions and run again.", e);
                    }
                }
                sleep(pause);
                pause = pause.multipliedBy(2);
                if (pause.compareTo(LONGEST_PAUSE) > 0) {
                    pause = LONGEST_PAUSE;
                }
            }
        } catch (SQLException e) {
            throw failure("Cannot create database " + name, provider, e);
        }
    }

    /**
     * Makes {@code template} safe to copy from: no new connections, none left open. Only speeds up
     * cloning, so a failure is ignored: {@link #create} retries while sessions linger.
     */
    static void seal(DatabaseProvider provider, String template) {
        try (Connection c = connect(provider); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + Identifiers.quote(template) + " WITH ALLOW_CONNECTIONS false");
            terminateSessions(c, template);
        } catch (SQLException | RuntimeException e) {
            // See above: a lingering session only costs a retry.
        }
    }

    /** Drops {@code name}, closing every session still connected to it. */
    static void drop(DatabaseProvider provider, String name) {
        try (Connection c = connect(provider); Statement st = c.createStatement()) {
            if (c.getMetaData().getDatabaseMajorVersion() >= 13) {
                st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(name) + " WITH (FORCE)");
                return;
            }
            long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
            while (true) {
                terminateSessions(c, name);
                try {
                    st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(name));
                    return;
                } catch (SQLException e) {
                    if (!OBJECT_IN_USE.equals(e.getSQLState()) || System.nanoTime() - deadline > 0) {
                        throw e;
                    }
                }
                sleep(FIRST_PAUSE);
            }
        } catch (SQLException e) {
            throw failure("Cannot drop database " + name, provider, e);
        }
    }

    private static Connection connect(DatabaseProvider provider) throws SQLException {
        try {
            return provider.adminConnection();
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("08") || state.startsWith("28") || state.startsWith("3D")) {
                throw new TestDatabaseUnavailableException("Cannot connect to " + provider.describe() + ": " + e.getMessage()
                        + " [SQLSTATE " + state + "]. Check the server is running and the URL, user and password;"
                        + " or use DatabaseProvider.embedded(), which needs nothing installed.", e);
            }
            throw e;
        }
    }

    private static void terminateSessions(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, database);
            ps.executeQuery().close();
        }
    }

    private static String sessions(Connection c, String database) {
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT pid, usename, application_name, state FROM pg_stat_activity"
                + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add("pid " + rs.getInt(1) + " (user " + rs.getString(2) + ", application '" + rs.getString(3)
                            + "', " + rs.getString(4) + ")");
                }
            }
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return found.isEmpty() ? "none" : String.join(", ", found);
    }

    private static DatabaseException failure(String what, DatabaseProvider provider, SQLException e) {
        String hint = INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())
                ? ". The user needs the CREATEDB privilege: ALTER ROLE " + Identifiers.quote(String.valueOf(provider.user()))
                        + " CREATEDB"
                : "";
        return new DatabaseException(what + " on " + provider.describe() + ": " + e.getMessage()
                + " [SQLSTATE " + e.getSQLState() + "]" + hint, e);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("Interrupted while waiting to create or drop a test database", e);
        }
    }
}
