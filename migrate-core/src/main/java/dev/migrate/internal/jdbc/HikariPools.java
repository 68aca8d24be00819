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
        // Each call uses one connection for migrations and one for the lock: room for two calls at once.
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setPoolName("migrate");
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
