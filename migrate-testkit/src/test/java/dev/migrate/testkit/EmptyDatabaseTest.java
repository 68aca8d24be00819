package dev.migrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmptyDatabaseTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @Test
    void gives_an_empty_database_that_the_test_migrates_itself() {
        TestDatabase database = db.database();
        assertThat(database.queryForObject("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", Long.class)).isZero();
        assertThat(database.template()).isEmpty();

        MigrateResult result;
        try (Migrator migrator = database.migrator(b -> b.locations("classpath:db/migration").target("2"))) {
            result = migrator.migrate();
        }

        assertThat(result.applied()).extracting(MigrateResult.Applied::script)
                .containsExactly("V1__create_customers.sql", "V2__create_orders.sql", "R__customer_order_totals.sql");
        assertThat(database.queryForObject("SELECT to_regclass('public.currencies') IS NULL", Boolean.class)).isTrue();
    }
}
