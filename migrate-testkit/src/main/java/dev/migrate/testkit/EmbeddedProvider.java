package dev.migrate.testkit;

import dev.migrate.testkit.internal.DataSources;
import dev.migrate.testkit.internal.EmbeddedServer;
import dev.migrate.testkit.internal.EphemeralServer;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** {@link DatabaseProvider#embedded()}: one instance, so that every extension shares its templates. */
final class EmbeddedProvider implements DatabaseProvider, EphemeralServer {
    public static final EmbeddedProvider INSTANCE = new EmbeddedProvider();

    private static final String USER = "postgres";

    private EmbeddedProvider() {
    }

    @Override
    public Connection adminConnection() throws SQLException {
        return EmbeddedServer.get().getPostgresDatabase().getConnection();
    }

    @Override
    public DataSource dataSource(String database) {
        return DataSources.of(jdbcUrl(database), USER, null);
    }

    @Override
    public String jdbcUrl(String database) {
        return EmbeddedServer.get().getJdbcUrl(USER, database);
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return null;
    }

    @Override
    public String describe() {
        int port = EmbeddedServer.port();
        return port < 0 ? "embedded PostgreSQL (not started yet)" : "embedded PostgreSQL on localhost:" + port + " as user " + USER;
    }

    @Override
    public String toString() {
        return describe();
    }
}
