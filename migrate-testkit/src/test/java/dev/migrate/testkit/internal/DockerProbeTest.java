package dev.migrate.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerProbeTest {
    @TempDir
    Path home;

    private final ClassLoader emptyLoader = new ClassLoader(null) {
    };

    @Test
    void finds_nothing_and_lists_what_it_checked_on_a_machine_without_docker() {
        assumeFalse(Files.exists(Path.of("/var/run/docker.sock")), "this machine has a Docker socket");

        DockerProbe probe = DockerProbe.run(name -> null, home, emptyLoader);

        assertThat(probe.found()).isFalse();
        assertThat(String.join(", ", probe.checked()))
                .contains("DOCKER_HOST (not set)", "TESTCONTAINERS_HOST_OVERRIDE (not set)", "/var/run/docker.sock (absent)",
                        home.resolve(".docker/run/docker.sock") + " (absent)");
    }

    @Test
    void docker_host_counts_as_a_sign_of_docker() {
        DockerProbe probe = DockerProbe.run(Map.of("DOCKER_HOST", "tcp://docker:2375")::get, home, emptyLoader);

        assertThat(probe.found()).isTrue();
        assertThat(probe.checked()).containsExactly("DOCKER_HOST=tcp://docker:2375");
    }

    @Test
    void a_socket_in_the_runtime_directory_counts_as_a_sign_of_docker() throws IOException {
        assumeFalse(Files.exists(Path.of("/var/run/docker.sock")), "this machine has a Docker socket");
        Path runtime = Files.createDirectories(home.resolve("run"));
        Files.createFile(runtime.resolve("docker.sock"));

        DockerProbe probe = DockerProbe.run(Map.of("XDG_RUNTIME_DIR", runtime.toString())::get, home, emptyLoader);

        assertThat(probe.found()).isTrue();
        assertThat(probe.checked()).containsExactly(runtime.resolve("docker.sock").toString());
    }

    @Test
    void docker_host_in_the_user_testcontainers_properties_counts_as_a_sign_of_docker() throws IOException {
        Files.writeString(home.resolve(".testcontainers.properties"), "docker.host=unix:///tmp/other.sock\n");

        assertThat(DockerProbe.run(name -> null, home, emptyLoader).found()).isTrue();
    }
}
