package dev.migrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.Version;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerTestIsolationTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.migrations("classpath:db/migration");

    private static String firstDatabase;
    private static Instant firstMigrationStartedAt;

    @BeforeAll
    static void no_database_exists_before_the_first_test() {
        assertThatThrownBy(db::database)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("beforeEach")
                .hasMessageContaining("PER_CLASS");
    }

    @Test
    @Order(1)
    void applies_the_migrations_to_the_test_database() {
        TestDatabase database = db.database();

        assertThat(database.queryForObject("SELECT to_regclass('public.orders') IS NOT NULL", Boolean.class)).isTrue();
        assertThat(database.queryForObject("SELECT to_regclass('public.customer_order_totals') IS NOT NULL", Boolean.class)).isTrue();
        assertThat(database.queryForList("SELECT code FROM currencies ORDER BY code"))
                .extracting(row -> row.get("code"))
                .containsExactly("EUR", "JPY", "USD");
        try (Migrator migrator = database.migrator()) {
            assertThat(migrator.status().pending()).isEmpty();
            assertThat(migrator.status().currentVersion()).contains(Version.parse("4"));
        }
    }

    @Test
    @Order(2)
    void a_first_test_writes_a_row_in_its_database() {
        TestDatabase database = db.database();
        database.execute("INSERT INTO customers (email, name) VALUES ('ada@example.com', 'Ada')");

        firstDatabase = database.name();
        firstMigrationStartedAt = startedAtOfFirstMigration(database);
        assertThat(database.queryForObject("SELECT count(*) FROM customers", Long.class)).isEqualTo(1L);
    }

    @Test
    @Order(3)
    void a_second_test_gets_a_database_of_its_own_without_that_row() {
        TestDatabase database = db.database();

        assertThat(firstDatabase).as("the first test ran").isNotNull();
        assertThat(database.name()).isNotEqualTo(firstDatabase);
        assertThat(database.queryForObject("SELECT count(*) FROM customers", Long.class)).isZero();
        assertThat(database.queryForObject("SELECT count(*) FROM pg_database WHERE datname = ?", Long.class, firstDatabase))
                .as("the first test's database was dropped after it")
                .isZero();
    }

    @Test
    @Order(4)
    void clones_each_database_from_one_migrated_template() {
        TestDatabase database = db.database();

        assertThat(database.template()).isPresent();
        Map<String, Object> template = database.queryForList(
                "SELECT datname, datallowconn FROM pg_database WHERE datname = ?", database.template().get()).get(0);
        assertThat(template.get("datallowconn")).as("nothing may connect to the template").isEqualTo(false);
        assertThat(startedAtOfFirstMigration(database))
                .as("history rows are copied from the template, not written again")
                .isEqualTo(firstMigrationStartedAt);
        assertThat(database.setUpTime()).isPositive();
        assertThat(database.templateBuildTime()).isPositive();
    }

    @Test
    @Order(5)
    void resolves_data_source_migrator_and_test_database_parameters(DataSource dataSource, Migrator migrator,
                                                                     TestDatabase database) throws Exception {
        assertThat(database.name()).isEqualTo(db.database().name());
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(database.name());
        }
        assertThat(migrator).isSameAs(db.migrator());
        assertThat(migrator.migrate().count()).as("nothing pending in a cloned database").isZero();
        assertThat(db.dataSource()).isSameAs(dataSource);
        assertThat(db.jdbcUrl()).contains("/" + database.name());
    }

    private static Instant startedAtOfFirstMigration(TestDatabase database) {
        try (Migrator migrator = database.migrator()) {
            MigrationInfo first = migrator.status().migrations().get(0);
            assertThat(first.version()).isEqualTo(Version.parse("1"));
            return first.applied().startedAt();
        }
    }
}
