package dev.migrate.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The one embedded PostgreSQL server every contender runs against. Each run gets its own database,
 * created from {@code template1} and dropped afterwards.
 *
 * <p>When statement counting is on, the server preloads {@code pg_stat_statements} with tracking
 * off; {@link #countStatementsIn(String)} turns it on for a single database, so timed runs are not
 * slowed by it.
 */
public final class EmbeddedServer implements AutoCloseable {
    /** The superuser zonky's embedded server creates; it needs no password. */
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final DataSource admin;
    private final boolean counting;
    private int databases;

    private EmbeddedServer(EmbeddedPostgres postgres, boolean counting) {
        this.postgres = postgres;
        this.admin = dataSource("postgres");
        this.counting = counting;
    }

    /** Starts the server; with {@code countStatements}, also prepares {@code pg_stat_statements} if the binaries have it. */
    public static EmbeddedServer start(boolean countStatements) throws IOException, SQLException {
        return start(countStatements, java.util.Map.of());
    }

    /** Like {@link #start(boolean)}, with server settings ({@code shared_buffers}...) of the caller's. */
    public static EmbeddedServer start(boolean countStatements, java.util.Map<String, String> settings) throws IOException, SQLException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        settings.forEach(builder::setServerConfig);
        if (countStatements) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track", "none")
                    .setServerConfig("pg_stat_statements.max", "20000");
        }
        EmbeddedPostgres postgres = builder.start();
        boolean counting = countStatements && createStatsExtension(postgres);
        return new EmbeddedServer(postgres, counting);
    }

    private static boolean createStatsExtension(EmbeddedPostgres postgres) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            return true;
        } catch (SQLException e) {
            System.err.println("Statement counting is off: pg_stat_statements is not usable (" + e.getMessage() + ")");
            return false;
        }
    }

    /** Whether {@link #countStatementsIn(String)} and {@link #statementsIn(String)} work. */
    public boolean counting() {
        return counting;
    }

    /** The JDBC URL of a database on this server. */
    public String url(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    /** A non-pooling data source: every {@code getConnection()} opens a new connection, for every contender alike. */
    public DataSource dataSource(String database) {
        return dataSource(url(database), USER, "");
    }

    /** The same kind of data source, built from connection settings (used by the child JVM). */
    public static DataSource dataSource(String url, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(user);
        if (!password.isEmpty()) {
            ds.setPassword(password);
        }
        return ds;
    }

    /** Creates a new, empty database and returns its name. */
    public String createDatabase() throws SQLException {
        String name = "bench_" + (++databases);
        execute("CREATE DATABASE " + name);
        return name;
    }

    /** Drops a database, ending any connection a contender left open. */
    public void dropDatabase(String name) throws SQLException {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /**
     * Waits, up to 30 seconds, for the server to finish the background work that large applies
     * leave behind: a checkpoint now, then until no autovacuum worker is busy. Timed runs after
     * this see a quiet server.
     */
    public void settle() throws SQLException, InterruptedException {
        execute("CHECKPOINT");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && autovacuumWorkers() > 0) {
            Thread.sleep(200);
        }
    }

    private int autovacuumWorkers() throws SQLException {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Tracks top-level statements in {@code database} from its next connection on, and clears all counts. */
    public void countStatementsIn(String database) throws SQLException {
        requireCounting();
        execute("ALTER DATABASE " + database + " SET pg_stat_statements.track = 'top'");
        execute("SELECT pg_stat_statements_reset()");
    }

    /** How many top-level statements {@code database} executed since {@link #countStatementsIn(String)}. */
    public long statementsIn(String database) throws SQLException {
        requireCounting();
        try (Connection c = admin.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements"
                     + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = ?)")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Runs a query returning one number in {@code database}. */
    public long queryLong(String database, String sql) throws SQLException {
        try (Connection c = dataSource(database).getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The server's version, e.g. {@code 18.1}. */
    public String version() throws SQLException {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void requireCounting() {
        if (!counting) {
            throw new IllegalStateException("Statement counting is not available");
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
