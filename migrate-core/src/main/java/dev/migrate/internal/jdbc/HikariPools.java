package dev.migrate.internal.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.ConnectionConfig;
import javax.sql.DataSource;

/** HikariCP, used only when it is on the class path; this class is not loaded otherwise. */
final class HikariPools {
    private HikariPools() {
    }

    static boolean available() {
        try {
            Class.forName("com.zaxxer.hikari.HikariDataSource", false, HikariPools.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static DataSource create(ConnectionConfig.FromUrl url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.url());
        config.setUsername(url.user());
        config.setPassword(url.password());
        // A call uses one connection, and a second while a migration runs without a transaction (for
        // its history row): room for two calls at once.
        config.setMaximumPoolSize(4);
        // The first connection is opened when the pool is made, so that a wrong password, a missing
        // database or a refused port fails at once with the server's reason (and is tried once,
        // not retried until a timeout); it stays in the pool for the call that made it.
        config.setMinimumIdle(1);
        config.setInitializationFailTimeout(1);
        config.setConnectionTimeout(10_000);
        config.setPoolName("migrate");
        return new HikariDataSource(config);
    }
}
