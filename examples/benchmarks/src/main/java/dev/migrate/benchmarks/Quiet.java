package dev.migrate.benchmarks;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns down the libraries' logging, Liquibase's banner and its analytics (which would call home);
 * call before anything logs.
 */
final class Quiet {
    /** Held so the JDK cannot collect the logger and forget its level. */
    private static final Logger LIQUIBASE = Logger.getLogger("liquibase");

    private Quiet() {
    }

    static void apply() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("liquibase.analytics.enabled", "false");
        System.setProperty("liquibase.showBanner", "false");
        LIQUIBASE.setLevel(Level.WARNING);
    }
}
