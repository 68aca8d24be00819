package dev.migrate.testkit;

import dev.migrate.ConfigurationException;
import dev.migrate.testkit.internal.DataSources;
import dev.migrate.testkit.internal.JdbcUrls;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@link DatabaseProvider#external}: a server someone else runs. Not a record, whose generated
 * {@code toString} would print the password.
 */
final class ExternalProvider implements DatabaseProvider {
    private final String url;
    private final String user;
    private final String password;

    public ExternalProvider(String url, String user, String password) {
        Objects.requireNonNull(url, "jdbcUrl");
        if (!JdbcUrls.isPostgres(url)) {
            throw new ConfigurationException("URL " + JdbcUrls.redact(url) + " is not a PostgreSQL JDBC URL:"
                    + " it must look like jdbc:postgresql://host:5432/postgres");
        }
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection adminConnection() throws SQLException {
        return DataSources.of(url, user, password).getConnection();
    }

    @Override
    public DataSource dataSource(String database) {
        return DataSources.of(jdbcUrl(database), user, password);
    }

    @Override
    public String jdbcUrl(String database) {
        return JdbcUrls.withDatabase(url, database);
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String describe() {
        return "external PostgreSQL at " + JdbcUrls.redact(url) + (user == null ? "" : " as user " + user);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExternalProvider other && url.equals(other.url) && Objects.equals(user, other.user)
                && Objects.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, user);
    }

    @Override
    public String toString() {
        return describe();
    }
}
