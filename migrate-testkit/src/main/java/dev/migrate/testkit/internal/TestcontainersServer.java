package dev.migrate.testkit.internal;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The only class that touches Testcontainers. The JVM loads it, and Testcontainers with it, only
 * when {@link Containers} calls it, after checking that Testcontainers is on the class path.
 */
final class TestcontainersServer {
    private static final Logger LOG = LoggerFactory.getLogger(TestcontainersServer.class);

    private TestcontainersServer() {
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static ContainerAddress start(String image) {
        long start = System.nanoTime();
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                // A throwaway server: durability buys nothing and slows every CREATE DATABASE.
                .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=200");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "migrate-testkit-container-stop"));
        String id = container.getContainerId();
        ContainerAddress address = new ContainerAddress(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                id.length() > 12 ? id.substring(0, 12) : id);
        LOG.info("PostgreSQL container {} ({}) started in {} ms", address.containerId(), image,
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        return address;
    }
}
