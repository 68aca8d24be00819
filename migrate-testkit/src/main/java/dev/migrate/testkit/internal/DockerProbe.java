package dev.migrate.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A quick look for signs of a Docker daemon (settings, sockets) that never connects anywhere, so
 * that a machine without Docker is told so at once instead of after Testcontainers' timeouts.
 * Only when a sign is found does the caller ask Testcontainers itself.
 *
 * @param found   whether any sign of Docker was found
 * @param checked what was looked at, for the message when nothing was found
 */
record DockerProbe(boolean found, List<String> checked) {

    static DockerProbe run() {
        return run(System::getenv, Path.of(System.getProperty("user.home", "/")), DockerProbe.class.getClassLoader());
    }

    static DockerProbe run(UnaryOperator<String> env, Path home, ClassLoader loader) {
        List<String> checked = new ArrayList<>();
        for (String variable : List.of("DOCKER_HOST", "TESTCONTAINERS_HOST_OVERRIDE", "TESTCONTAINERS_DOCKER_CLIENT_STRATEGY")) {
            String value = env.apply(variable);
            if (value != null && !value.isBlank()) {
                return new DockerProbe(true, List.of(variable + "=" + value));
            }
            checked.add(variable + " (not set)");
        }
        Path userProperties = home.resolve(".testcontainers.properties");
        if (configuresDocker(readFile(userProperties))) {
            return new DockerProbe(true, List.of(userProperties.toString()));
        }
        checked.add("docker.host in " + userProperties + " (not set)");
        if (configuresDocker(readResource(loader))) {
            return new DockerProbe(true, List.of("testcontainers.properties on the class path"));
        }
        for (Path socket : sockets(env, home)) {
            if (Files.exists(socket)) {
                return new DockerProbe(true, List.of(socket.toString()));
            }
            checked.add(socket + " (absent)");
        }
        return new DockerProbe(false, checked);
    }

    private static Set<Path> sockets(UnaryOperator<String> env, Path home) {
        Set<Path> sockets = new LinkedHashSet<>();
        sockets.add(Path.of("/var/run/docker.sock"));
        sockets.add(home.resolve(".docker/run/docker.sock"));
        sockets.add(home.resolve(".docker/desktop/docker.sock"));
        String runtimeDir = env.apply("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
            sockets.add(Path.of(runtimeDir, "podman", "podman.sock"));
        }
        sockets.add(home.resolve(".colima/default/docker.sock"));
        sockets.add(home.resolve(".rd/docker.sock"));
        return sockets;
    }

    private static boolean configuresDocker(Properties properties) {
        return properties.containsKey("docker.host") || properties.containsKey("docker.client.strategy")
                || properties.containsKey("tc.host");
    }

    private static Properties readFile(Path file) {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                // An unreadable file configures nothing; Testcontainers would report it itself.
            }
        }
        return properties;
    }

    private static Properties readResource(ClassLoader loader) {
        Properties properties = new Properties();
        if (loader != null) {
            try (InputStream in = loader.getResourceAsStream("testcontainers.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException | IllegalArgumentException e) {
                // As above: nothing usable is configured there.
            }
        }
        return properties;
    }
}
