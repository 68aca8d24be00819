package dev.migrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TargetAndSchemaTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.migrations("classpath:db/migration")
            .withSchema("shop")
            .withTarget("2");

    @Test
    void migrates_the_managed_schema_up_to_the_target_only(Migrator migrator) {
        TestDatabase database = db.database();

        assertThat(database.queryForObject("SELECT to_regclass('shop.orders') IS NOT NULL", Boolean.class)).isTrue();
        assertThat(database.queryForObject("SELECT to_regclass('public.orders') IS NULL", Boolean.class)).isTrue();
        assertThat(statusColumns(database)).isZero();
        assertThat(migrator.migrate().count()).as("the extension's migrator keeps its target").isZero();

        MigrateResult rest;
        try (Migrator all = database.migrator(b -> b.target("4"))) {
            rest = all.migrate();
        }

        assertThat(rest.applied()).extracting(MigrateResult.Applied::script)
                .containsExactly("V3__add_order_status.sql", "V4__create_currencies.sql");
        assertThat(statusColumns(database)).isEqualTo(1L);
    }

    private static Long statusColumns(TestDatabase database) {
        return database.queryForObject("SELECT count(*) FROM information_schema.columns"
                + " WHERE table_schema = 'shop' AND table_name = 'orders' AND column_name = 'status'", Long.class);
    }
}
