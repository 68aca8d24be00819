package dev.migrate.testkit.internal;

import java.time.Duration;

/**
 * A database made ready for a test.
 *
 * @param name              its name
 * @param template          the template it was cloned from, or null when it was migrated itself
 * @param setUpTime         how long this database took: the clone, or creating and migrating it
 * @param templateBuildTime the one-time cost of the template it was cloned from; zero when not cloned
 */
public record PreparedDatabase(String name, String template, Duration setUpTime, Duration templateBuildTime) {
}
