package dev.migrate.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Testcontainers is reached by reflection; this proves every type and method it names exists, without Docker. */
class TestcontainersServerTest {
    @Test
    void makes_a_configured_container_and_finds_every_method_it_calls_without_docker() {
        TestcontainersServer.Container c = TestcontainersServer.create("postgres:17-alpine");

        assertThat(c.container().getClass().getName()).isEqualTo(TestcontainersServer.CONTAINER_CLASS);
        assertThat(List.of(c.start(), c.stop(), c.containerId(), c.jdbcUrl(), c.username(), c.password()))
                .extracting(Method::getName)
                .containsExactly("start", "stop", "getContainerId", "getJdbcUrl", "getUsername", "getPassword");
        assertThat(c.call(c.username())).isEqualTo("test");
    }

    @Test
    void asks_testcontainers_whether_docker_answers() {
        // No Docker engine runs on the build machines; either answer is fine, a lookup failure is not.
        assertThat(TestcontainersServer.dockerAvailable()).isIn(true, false);
    }
}
