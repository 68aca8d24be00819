package dev.migrate.testkit.internal;

/**
 * Where a started container listens. Holds no Testcontainers type, so that reading it never
 * loads Testcontainers.
 *
 * @param jdbcUrl     the URL of the container's own database
 * @param user        its user
 * @param password    its password; left out of {@link #toString()}
 * @param containerId a short container id, for messages
 */
public record ContainerAddress(String jdbcUrl, String user, String password, String containerId) {
    @Override
    public String toString() {
        return "container " + containerId + " at " + JdbcUrls.redact(jdbcUrl) + " as user " + user;
    }
}
