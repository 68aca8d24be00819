package dev.migrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An external server, here the embedded one reached by URL as a CI service would be. */
class ExternalServerTest {
    private static final String SERVER_URL = DatabaseProvider.embedded().jdbcUrl("postgres");

    @RegisterExtension
    static MigrateExtension db = MigrateExtension.migrations("classpath:db/migration")
            .withProvider(DatabaseProvider.external(SERVER_URL, "postgres", null));

    @Test
    void creates_test_databases_next_to_the_url_database_and_keeps_its_parameters(TestDatabase database) {
        assertThat(database.provider().describe()).startsWith("external PostgreSQL at jdbc:postgresql://localhost:");
        assertThat(database.jdbcUrl()).isEqualTo(SERVER_URL.replace("/postgres?", "/" + database.name() + "?"));
        assertThat(database.queryForObject("SELECT current_database()", String.class)).isEqualTo(database.name());
        assertThat(database.queryForObject("SELECT count(*) FROM currencies", Long.class)).isEqualTo(3L);
    }
}
