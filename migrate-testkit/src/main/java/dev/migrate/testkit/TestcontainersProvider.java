package dev.migrate.testkit;

import dev.migrate.ConfigurationException;
import dev.migrate.testkit.internal.ContainerAddress;
import dev.migrate.testkit.internal.Containers;
import dev.migrate.testkit.internal.DataSources;
import dev.migrate.testkit.internal.EphemeralServer;
import dev.migrate.testkit.internal.JdbcUrls;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@link DatabaseProvider#testcontainers(String)}. Refers to no Testcontainers type: those live in
 * {@code internal.TestcontainersServer}, so the other providers run without Testcontainers installed.
 */
final class TestcontainersProvider implements DatabaseProvider, EphemeralServer {
    public static final String DEFAULT_IMAGE = "postgres:17-alpine";

    private final String image;
    private volatile ContainerAddress address;

    public TestcontainersProvider(String image) {
        this.image = Objects.requireNonNull(image, "image");
        if (image.isBlank()) {
            throw new ConfigurationException("image must name a PostgreSQL image, such as " + DEFAULT_IMAGE);
        }
    }

    private ContainerAddress address() {
        ContainerAddress a = address;
        if (a == null) {
            a = Containers.get(image);
            address = a;
        }
        return a;
    }

    @Override
    public Connection adminConnection() throws SQLException {
        ContainerAddress a = address();
        return DataSources.of(a.jdbcUrl(), a.user(), a.password()).getConnection();
    }

    @Override
    public DataSource dataSource(String database) {
        ContainerAddress a = address();
        return DataSources.of(jdbcUrl(database), a.user(), a.password());
    }

    @Override
    public String jdbcUrl(String database) {
        return JdbcUrls.withDatabase(address().jdbcUrl(), database);
    }

    @Override
    public String user() {
        return address().user();
    }

    @Override
    public String password() {
        return address().password();
    }

    @Override
    public String describe() {
        ContainerAddress a = address;
        return "Testcontainers PostgreSQL (" + image + ", " + (a == null ? "not started yet" : a.toString()) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestcontainersProvider other && image.equals(other.image);
    }

    @Override
    public int hashCode() {
        return image.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
