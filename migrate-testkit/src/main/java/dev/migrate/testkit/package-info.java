/**
 * Testing with real PostgreSQL: {@link dev.migrate.testkit.MigrateExtension}, a JUnit 5 extension
 * that gives each test a migrated database cloned from a template, the
 * {@link dev.migrate.testkit.DatabaseProvider}s that supply servers (embedded, Testcontainers, an
 * external URL), {@link dev.migrate.testkit.TestDatabase}, one test's database, and the AssertJ
 * assertions whose entry point is {@link dev.migrate.testkit.MigrateAssertions}: on a schema
 * ({@link dev.migrate.testkit.SchemaAssert} and the table, column, index and foreign key assertions it
 * leads to), on migrations ({@link dev.migrate.testkit.MigrationsAssert}: applying cleanly, the
 * up/down/up stairway, plan findings) and on data carried across migrations
 * ({@link dev.migrate.testkit.MigrationScenario}).
 */
package dev.migrate.testkit;
