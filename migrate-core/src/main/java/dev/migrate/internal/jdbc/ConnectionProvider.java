package dev.migrate.internal.jdbc;

import dev.migrate.ConfigurationException;
import dev.migrate.ConnectionConfig;
import dev.migrate.DatabaseException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Hands out connections from the caller's data source, or from a pool the engine builds from a URL
 * on first use (HikariCP when present, the driver's own data source otherwise).
 */
public final class ConnectionProvider implements AutoCloseable {
    private final ConnectionConfig config;
    private volatile DataSource dataSource;
    private AutoCloseable owned;
    private volatile boolean closed;

    public ConnectionProvider(ConnectionConfig config) {
        this.config = config;
        if (config instanceof ConnectionConfig.FromDataSource given) {
            this.dataSource = given.dataSource();
        }
    }

    public Connection get() {
        if (closed) {
            throw new IllegalStateException("This Migrator is closed; build a new one");
        }
        try {
            return dataSource().getConnection();
        } catch (SQLException | RuntimeException e) {
            if (e instanceof dev.migrate.MigrationException m) {
                throw m;
            }
            throw new DatabaseException("Cannot connect to " + describe() + ": " + ConnectionFailures.explain(e), e);
        }
    }

    public String describe() {
        return config instanceof ConnectionConfig.FromUrl url ? url.redactedUrl() : "the configured DataSource";
    }

    private DataSource dataSource() {
        DataSource ds = dataSource;
        if (ds == null) {
            synchronized (this) {
                ds = dataSource;
                if (ds == null) {
                    ds = fromUrl((ConnectionConfig.FromUrl) config);
                    dataSource = ds;
                }
            }
        }
        return ds;
    }

    private DataSource fromUrl(ConnectionConfig.FromUrl url) {
        if (HikariPools.available()) {
            DataSource pool = HikariPools.create(url);
            owned = (AutoCloseable) pool;
            return pool;
        }
        PGSimpleDataSource simple = new PGSimpleDataSource();
        try {
            simple.setURL(url.url());
        } catch (IllegalArgumentException e) {
            // The driver's message repeats the URL, password parameter included: do not chain it.
            throw new ConfigurationException("Invalid JDBC URL " + url.redactedUrl() + ": use jdbc:postgresql://host:port/database");
        }
        if (url.user() != null) {
            simple.setUser(url.user());
        }
        if (url.password() != null) {
            simple.setPassword(url.password());
        }
        return simple;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new DatabaseException("Cannot close the connection pool for " + describe(), e);
            } finally {
                owned = null;
                dataSource = null;
            }
        }
    }
}
