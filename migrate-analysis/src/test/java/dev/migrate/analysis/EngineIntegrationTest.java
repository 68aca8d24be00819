package dev.migrate.analysis;

import dev.migrate.MigratorBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.Finding;
import dev.migrate.Location;
import dev.migrate.Migrator;
import dev.migrate.Plan;
import dev.migrate.RiskRefusedException;
import dev.migrate.Severity;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The analysis as core finds it on the class path: findings in plan(), and the gate in migrate(). */
class EngineIntegrationTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @TempDir
    Path dir;

    private Migrator migrator(TestDatabase database, Severity policy) {
        MigratorBuilder b = Migrator.configure().dataSource(database.dataSource()).locations(Location.directory(dir));
        return (policy == null ? b : b.refuseFindingsAbove(policy)).build();
    }

    @Test
    void plan_shows_the_findings_with_script_and_line(TestDatabase database) throws Exception {
        database.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint)");
        Files.writeString(dir.resolve("V1__index.sql"), "-- speed up lookups\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n");
        try (Migrator m = migrator(database, null)) {
            Plan plan = m.plan();

            assertThat(plan.findings()).extracting(Finding::rule, Finding::script, Finding::line)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("index-without-concurrently", "V1__index.sql", 2));
        }
    }

    @Test
    void the_gate_refuses_a_dangerous_migration_until_it_is_allowed_with_a_reason(TestDatabase database) throws Exception {
        database.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text)");
        Path script = dir.resolve("V1__not_null.sql");
        Files.writeString(script, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
        try (Migrator m = migrator(database, Severity.MEDIUM)) {
            assertThatThrownBy(m::migrate).isInstanceOf(RiskRefusedException.class)
                    .hasMessageContaining("HIGH V1__not_null.sql:1 [set-not-null]")
                    .hasMessageContaining("CHECK (col IS NOT NULL) NOT VALID");
            assertThat(m.status().pending()).hasSize(1);

            Files.writeString(script, "-- migrate:allow set-not-null reason=\"users has 40 rows\"\n"
                    + "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
            assertThat(m.migrate().count()).isEqualTo(1);
        }
    }

    @Test
    void existing_indexes_in_the_database_support_a_new_foreign_key(TestDatabase database) throws Exception {
        database.execute("CREATE TABLE customers (id bigint PRIMARY KEY);"
                + " CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);"
                + " CREATE INDEX orders_customer_idx ON orders (customer_id);");
        Files.writeString(dir.resolve("V1__fk.sql"),
                "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n");
        try (Migrator m = migrator(database, null)) {
            assertThat(m.plan().findings()).isEmpty();
        }
    }

    @Test
    void an_allowance_without_a_reason_allows_nothing_and_is_reported(TestDatabase database) throws Exception {
        database.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text)");
        Files.writeString(dir.resolve("V1__not_null.sql"), "-- migrate:allow set-not-null\n"
                + "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n");
        try (Migrator m = migrator(database, null)) {
            assertThat(m.plan().findings()).extracting(Finding::rule, Finding::line).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("set-not-null", 2), org.assertj.core.groups.Tuple.tuple("invalid-allow", 1));
        }
    }

    @Test
    void column_types_and_validated_checks_in_the_database_decide_type_changes_and_set_not_null(TestDatabase database)
            throws Exception {
        database.execute("CREATE TABLE items (id bigint PRIMARY KEY, sku varchar(20), price numeric(8, 2), name text,"
                + " CONSTRAINT items_name_present CHECK (name IS NOT NULL))");
        Files.writeString(dir.resolve("V1__items.sql"), """
                ALTER TABLE items ALTER COLUMN sku TYPE varchar(40), ALTER COLUMN price TYPE numeric(10, 2);
                ALTER TABLE items ALTER COLUMN name SET NOT NULL;
                """);
        Files.writeString(dir.resolve("V2__narrow.sql"), "ALTER TABLE items ALTER COLUMN sku TYPE varchar(10);\n");
        try (Migrator m = migrator(database, null)) {
            assertThat(m.plan().findings()).as("widening and a proven NOT NULL are quiet; narrowing rewrites")
                    .extracting(Finding::rule, Finding::script)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("column-type-change", "V2__narrow.sql"));
        }
    }
}
