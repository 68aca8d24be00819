package dev.migrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderSelectionTest {
    private static final String URL = "jdbc:postgresql://ci-db:5432/postgres";

    @Test
    void defaults_to_the_embedded_server() {
        assertThat(ProviderSelection.select(name -> null, name -> null)).isSameAs(DatabaseProvider.embedded());
    }

    @Test
    void a_url_in_the_environment_selects_an_external_server_with_its_credentials() {
        Map<String, String> env = Map.of("MIGRATE_TEST_URL", URL, "MIGRATE_TEST_USER", "ci", "MIGRATE_TEST_PASSWORD", "pw");

        DatabaseProvider chosen = ProviderSelection.select(name -> null, env::get);

        assertThat(chosen).isEqualTo(DatabaseProvider.external(URL, "ci", "pw"));
        assertThat(chosen.describe()).doesNotContain("pw");
    }

    @Test
    void system_properties_win_over_environment_variables() {
        Map<String, String> properties = Map.of("migrate.test.provider", "embedded");
        Map<String, String> env = Map.of("MIGRATE_TEST_URL", URL, "MIGRATE_TEST_PROVIDER", "external");

        assertThat(ProviderSelection.select(properties::get, env::get)).isSameAs(DatabaseProvider.embedded());
    }

    @Test
    void testcontainers_can_be_forced_with_an_image_and_starts_nothing_yet() {
        Map<String, String> properties = Map.of("migrate.test.provider", "Testcontainers", "migrate.test.image", "postgres:16");

        DatabaseProvider chosen = ProviderSelection.select(properties::get, name -> null);

        assertThat(chosen).isEqualTo(DatabaseProvider.testcontainers("postgres:16"));
        assertThat(chosen.describe()).contains("postgres:16", "not started");
    }

    @Test
    void external_without_a_url_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> ProviderSelection.select(Map.of("migrate.test.provider", "external")::get, name -> null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("migrate.test.url")
                .hasMessageContaining("MIGRATE_TEST_URL");
    }
}
