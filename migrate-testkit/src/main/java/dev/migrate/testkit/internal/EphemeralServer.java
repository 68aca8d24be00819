package dev.migrate.testkit.internal;

/**
 * A provider whose server ends with the JVM (embedded, container): its databases need no
 * clean-up at exit, and dropping them from a shutdown hook would race the server's own.
 */
public interface EphemeralServer {
}
