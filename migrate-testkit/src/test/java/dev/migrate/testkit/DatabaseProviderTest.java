package dev.migrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.migrate.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

class DatabaseProviderTest {
    private static final String PASSWORD = "hunter2-s3cret";

    @Test
    void embedded_is_one_server_shared_by_every_caller() throws Exception {
        DatabaseProvider embedded = DatabaseProvider.embedded();

        assertThat(DatabaseProvider.embedded()).isSameAs(embedded);
        try (Connection c = embedded.adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW max_connections")) {
            rs.next();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(200);
        }
        assertThat(embedded.describe()).startsWith("embedded PostgreSQL on localhost:");
        assertThat(embedded.jdbcUrl("app_test")).matches("jdbc:postgresql://localhost:\\d+/app_test\\?user=postgres");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void testcontainers_without_docker_fails_at_once_naming_docker_and_the_embedded_provider() {
        assumeTrue(noSignOfDocker(), "this machine has Docker, so testcontainers() would start a container");
        DatabaseProvider testcontainers = DatabaseProvider.testcontainers();

        assertThat(testcontainers.describe()).contains("postgres:17-alpine").contains("not started");
        assertThatThrownBy(testcontainers::adminConnection)
                .isInstanceOf(TestDatabaseUnavailableException.class)
                .hasMessageContaining("Docker is not reachable")
                .hasMessageContaining("/var/run/docker.sock")
                .hasMessageContaining("DatabaseProvider.embedded()")
                .hasMessageContaining("migrate.test.url");
        assertThatThrownBy(testcontainers::adminConnection)
                .as("the second use fails the same way")
                .isInstanceOf(TestDatabaseUnavailableException.class)
                .hasMessageContaining("Docker is not reachable");
    }

    @Test
    void external_describe_leaves_out_the_password_and_a_password_in_the_url() {
        DatabaseProvider external = DatabaseProvider.external(
                "jdbc:postgresql://ci-db:5432/app?password=" + PASSWORD + "&ssl=true", "ci", PASSWORD);

        assertThat(external.describe())
                .contains("ci-db:5432", "ci")
                .doesNotContain(PASSWORD);
        assertThat(external).hasToString(external.describe());
        assertThat(external.password()).isEqualTo(PASSWORD);
    }

    @Test
    void a_non_postgres_url_is_refused_without_echoing_its_password() {
        assertThatThrownBy(() -> DatabaseProvider.external("jdbc:mysql://db/app?password=" + PASSWORD, "ci", PASSWORD))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("jdbc:postgresql://")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void from_environment_picks_an_external_server_when_the_url_property_is_set() throws Exception {
        assumeTrue(System.getenv("MIGRATE_TEST_PROVIDER") == null, "MIGRATE_TEST_PROVIDER forces another provider");
        String url = DatabaseProvider.embedded().jdbcUrl("postgres");
        String before = System.getProperty("migrate.test.url");
        String userBefore = System.getProperty("migrate.test.user");
        System.setProperty("migrate.test.url", url);
        System.setProperty("migrate.test.user", "postgres");
        try {
            DatabaseProvider chosen = DatabaseProvider.fromEnvironment();

            assertThat(chosen).isEqualTo(DatabaseProvider.external(url, "postgres", null));
            assertThat(chosen.describe()).startsWith("external PostgreSQL at " + url);
            try (Connection c = chosen.adminConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("postgres");
            }
        } finally {
            restore("migrate.test.url", before);
            restore("migrate.test.user", userBefore);
        }
    }

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void the_provider_property_wins_over_the_url_and_an_unknown_name_is_refused() {
        String providerBefore = System.getProperty("migrate.test.provider");
        String urlBefore = System.getProperty("migrate.test.url");
        System.setProperty("migrate.test.url", "jdbc:postgresql://elsewhere:5432/postgres");
        try {
            System.setProperty("migrate.test.provider", "embedded");
            assertThat(DatabaseProvider.fromEnvironment()).isSameAs(DatabaseProvider.embedded());

            System.setProperty("migrate.test.provider", "docker");
            assertThatThrownBy(DatabaseProvider::fromEnvironment)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("'docker'")
                    .hasMessageContaining("embedded, testcontainers or external");
        } finally {
            restore("migrate.test.provider", providerBefore);
            restore("migrate.test.url", urlBefore);
        }
    }

    private static boolean noSignOfDocker() {
        Path home = Path.of(System.getProperty("user.home"));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        Stream<Path> sockets = Stream.of(Path.of("/var/run/docker.sock"), home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock"), home.resolve(".colima/default/docker.sock"),
                home.resolve(".rd/docker.sock"),
                runtimeDir == null ? Path.of("/nonexistent") : Path.of(runtimeDir, "docker.sock"),
                runtimeDir == null ? Path.of("/nonexistent") : Path.of(runtimeDir, "podman", "podman.sock"));
        return System.getenv("DOCKER_HOST") == null && System.getenv("TESTCONTAINERS_HOST_OVERRIDE") == null
                && System.getenv("TESTCONTAINERS_DOCKER_CLIENT_STRATEGY") == null
                && !Files.exists(home.resolve(".testcontainers.properties"))
                && sockets.noneMatch(Files::exists);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
