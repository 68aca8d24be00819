/**
 * Testing with real PostgreSQL: {@link dev.migrate.testkit.MigrateExtension}, a JUnit 5 extension
 * that gives each test a migrated database cloned from a template, the
 * {@link dev.migrate.testkit.DatabaseProvider}s that supply servers (embedded, Testcontainers, an
 * external URL), and {@link dev.migrate.testkit.TestDatabase}, one test's database.
 */
package dev.migrate.testkit;
