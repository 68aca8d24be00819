package dev.migrate.analysis;

import dev.migrate.ConfigurationException;
import dev.migrate.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throw-away copy of a database to rehearse migrations on, made on the same server with
 * {@code CREATE DATABASE <copy> TEMPLATE <source>} and dropped on {@link #close()}. It has the
 * source's schema and data, so a rehearsal sees real locks, real rewrites and real durations.
 *
 * <pre>{@code
 * Plan plan;
 * try (Migrator migrator = Migrator.configure().url(url, user, password).build()) {
 *     plan = migrator.plan();   // closing the migrator closes its pool: the source must be free to copy
 * }
 * try (ShadowDatabase shadow = ShadowDatabase.copyOf(url, user, password);
 *      Connection c = shadow.dataSource().getConnection()) {
 *     System.out.print(Rehearsal.toText(Rehearsal.on(c).compareAndApply(plan)));
 * }
 * }</pre>
 *
 * <p>PostgreSQL copies only a database no one else is connected to, so this suits development,
 * CI and restored-backup databases, not a production database in use; for those, rehearse on a
 * database the migrations were replayed into (an embedded server, as {@code examples/analysis}
 * shows). The user needs {@code CREATEDB} and must own the source or be a superuser.
 */
public final class ShadowDatabase implements AutoCloseable {
    private static final String OBJECT_IN_USE = "55006";
    private static final String INVALID_CATALOG = "3D000";
    private static final int MAX_NAME = 63;

    private final PGSimpleDataSource admin;
    private final PGSimpleDataSource shadow;
    private final String source;
    private boolean closed;

    private ShadowDatabase(PGSimpleDataSource admin, PGSimpleDataSource shadow, String source) {
        this.admin = admin;
        this.shadow = shadow;
        this.source = source;
    }

    /**
     * Copies the database {@code url} names. The copy is created through a maintenance database of
     * the same server ({@code postgres}, else {@code template1}) with the same credentials.
     *
     * @throws DatabaseException when the copy cannot be made, saying why (another session is connected
     *                           to the source, missing privileges)
     */
    public static ShadowDatabase copyOf(String url, String user, String password) {
        PGSimpleDataSource sourceDs = dataSource(url, user, password);
        String source = sourceDs.getDatabaseName();
        if (source == null || source.isEmpty()) {
            throw new ConfigurationException("The JDBC URL names no database to copy: use jdbc:postgresql://host:port/database");
        }
        String name = copyName(source);
        PGSimpleDataSource shadow = dataSource(url, user, password);
        shadow.setDatabaseName(name);
        PGSimpleDataSource admin = maintenance(url, user, password);
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + quote(name) + " TEMPLATE " + quote(source));
        } catch (SQLException e) {
            if (OBJECT_IN_USE.equals(e.getSQLState())) {
                throw new DatabaseException("Cannot copy database " + source + " for a rehearsal: other sessions are connected"
                        + " to it, and PostgreSQL copies only a database no one is using (" + e.getMessage() + "). Close"
                        + " them (pg_stat_activity shows who), or rehearse on a copy restored from a backup or on a database"
                        + " the migrations were replayed into.", e);
            }
            throw new DatabaseException("Cannot copy database " + source + " for a rehearsal: " + e.getMessage()
                    + ". The user needs CREATEDB and must own " + source + " (or be a superuser).", e);
        }
        return new ShadowDatabase(admin, shadow, source);
    }

    /** Connections to the copy. Close them before {@link #close()}, which drops it anyway. */
    public DataSource dataSource() {
        return shadow;
    }

    /** The copy's database name. */
    public String name() {
        return shadow.getDatabaseName();
    }

    /** The database it copies. */
    public String source() {
        return source;
    }

    /** Drops the copy, ending any session still connected to it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            if (c.getMetaData().getDatabaseMajorVersion() >= 13) {
                st.execute("DROP DATABASE IF EXISTS " + quote(name()) + " WITH (FORCE)");
            } else {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    ps.setString(1, name());
                    ps.execute();
                }
                st.execute("DROP DATABASE IF EXISTS " + quote(name()));
            }
        } catch (SQLException e) {
            throw new DatabaseException("Cannot drop the rehearsal copy " + name() + " of " + source + ": " + e.getMessage()
                    + ". Drop it by hand: DROP DATABASE " + quote(name()) + ";", e);
        }
    }

    @Override
    public String toString() {
        return "ShadowDatabase[" + name() + ", copy of " + source + "]";
    }

    private static PGSimpleDataSource dataSource(String url, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        try {
            ds.setURL(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Not a PostgreSQL JDBC URL: use jdbc:postgresql://host:port/database");
        }
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    /** The same server's {@code postgres} database, or {@code template1} where there is none. */
    @SuppressWarnings("try") // connecting is the test
    private static PGSimpleDataSource maintenance(String url, String user, String password) {
        PGSimpleDataSource postgres = dataSource(url, user, password);
        postgres.setDatabaseName("postgres");
        try (Connection c = postgres.getConnection()) {
            return postgres;
        } catch (SQLException e) {
            if (!INVALID_CATALOG.equals(e.getSQLState())) {
                throw new DatabaseException("Cannot connect to the server's postgres database to make a rehearsal copy: "
                        + e.getMessage(), e);
            }
        }
        PGSimpleDataSource template1 = dataSource(url, user, password);
        template1.setDatabaseName("template1");
        return template1;
    }

    /** {@code <source>_shadow_<8 hex digits>}, the source part shortened to keep within 63 bytes. */
    static String copyName(String source) {
        String suffix = "_shadow_" + String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
        String base = source;
        while (base.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + suffix.length() > MAX_NAME) {
            base = base.substring(0, base.offsetByCodePoints(base.length(), -1));
        }
        return base + suffix;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
