package dev.migrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NoTemplateTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.migrations("classpath:db/migration").withTemplate(false);

    private static Instant firstMigrationStartedAt;

    @Test
    @Order(1)
    void migrates_the_test_database_itself() {
        TestDatabase database = db.database();

        assertThat(database.template()).isEmpty();
        assertThat(database.templateBuildTime()).isEqualTo(Duration.ZERO);
        assertThat(database.setUpTime()).isPositive();
        assertThat(database.queryForObject("SELECT count(*) FROM currencies", Long.class)).isEqualTo(3L);
        firstMigrationStartedAt = startedAtOfFirstMigration(database);
    }

    @Test
    @Order(2)
    void applies_the_migrations_again_for_the_next_test() {
        TestDatabase database = db.database();

        assertThat(firstMigrationStartedAt).as("the first test ran").isNotNull();
        assertThat(startedAtOfFirstMigration(database)).isAfter(firstMigrationStartedAt);
    }

    private static Instant startedAtOfFirstMigration(TestDatabase database) {
        try (Migrator migrator = database.migrator()) {
            return migrator.status().migrations().get(0).applied().startedAt();
        }
    }
}
