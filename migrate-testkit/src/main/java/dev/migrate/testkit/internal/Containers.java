package dev.migrate.testkit.internal;

import dev.migrate.testkit.TestDatabaseUnavailableException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One container per image and JVM, started on first use; a failure is remembered and repeated at once. */
public final class Containers {
    private static final Map<String, Holder> BY_IMAGE = new ConcurrentHashMap<>();

    private Containers() {
    }

    public static ContainerAddress get(String image) {
        return BY_IMAGE.computeIfAbsent(image, Holder::new).get();
    }

    private static final class Holder {
        private final String image;
        private ContainerAddress address;
        private TestDatabaseUnavailableException failure;

        Holder(String image) {
            this.image = image;
        }

        synchronized ContainerAddress get() {
            if (address != null) {
                return address;
            }
            if (failure == null) {
                try {
                    address = start(image);
                    return address;
                } catch (TestDatabaseUnavailableException e) {
                    failure = e;
                    throw e;
                } catch (RuntimeException | LinkageError e) {
                    failure = new TestDatabaseUnavailableException("Cannot start a PostgreSQL container from " + image + ": "
                            + e.getMessage() + ". " + alternatives(), e);
                    throw failure;
                }
            }
            throw new TestDatabaseUnavailableException(failure.getMessage(), failure);
        }
    }

    private static ContainerAddress start(String image) {
        try {
            Class.forName(TestcontainersServer.CONTAINER_CLASS, false, Containers.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new TestDatabaseUnavailableException("DatabaseProvider.testcontainers() needs Testcontainers on the test"
                    + " class path: add the dependency org.testcontainers:testcontainers-postgresql (2.0.x, test scope). "
                    + alternatives(), e);
        }
        DockerProbe probe = DockerProbe.run();
        if (!probe.found()) {
            throw new TestDatabaseUnavailableException("Docker is not reachable, so DatabaseProvider.testcontainers(\"" + image
                    + "\") cannot start PostgreSQL. Checked: " + String.join(", ", probe.checked()) + ". " + alternatives());
        }
        if (!TestcontainersServer.dockerAvailable()) {
            throw new TestDatabaseUnavailableException("Docker is not reachable, so DatabaseProvider.testcontainers(\"" + image
                    + "\") cannot start PostgreSQL: found " + String.join(", ", probe.checked())
                    + " but Testcontainers could not talk to a Docker daemon there (its log says why). " + alternatives());
        }
        return TestcontainersServer.start(image);
    }

    private static String alternatives() {
        return "Without Docker, use DatabaseProvider.embedded() (nothing to install; -Dmigrate.test.provider=embedded),"
                + " or an existing server: DatabaseProvider.external(url, user, password)"
                + " or -Dmigrate.test.url=jdbc:postgresql://host:5432/postgres with migrate.test.user and migrate.test.password";
    }
}
