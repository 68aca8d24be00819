package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackTest {
    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();
    private final List<MigrationEvent> events = new CopyOnWriteArrayList<>();

    private MigrationsDir dir() {
        return new MigrationsDir(tmp);
    }

    private Migrator migrator() {
        return Migrator.configure().dataSource(db).locations(Location.directory(tmp)).listener(events::add).build();
    }

    private List<String> history() {
        return Sql.column(db, "SELECT coalesce(version, 'R') || ':' || state || ':' || script"
                + " FROM public.migrate_history ORDER BY installed_rank");
    }

    private MigrationsDir threeReversible() {
        return dir().write("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);")
                .write("U1__customers.sql", "DROP TABLE customers;")
                .write("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer bigint REFERENCES customers);")
                .write("U2__orders.sql", "DROP TABLE orders;")
                .write("3_add_email/up.sql", "ALTER TABLE customers ADD COLUMN email text;")
                .write("3_add_email/down.sql", "ALTER TABLE customers DROP COLUMN email;");
    }

    @Test
    void last_reverts_the_latest_migration_with_its_down_script_and_records_it() {
        threeReversible();
        try (Migrator m = migrator()) {
            m.migrate();

            RollbackResult result = m.rollback().last();

            assertThat(result.reverted()).extracting(MigrateResult.Applied::script).containsExactly("3_add_email/down.sql");
            assertThat(result.initialVersion()).isEqualTo(Version.parse("3"));
            assertThat(result.finalVersion()).isEqualTo(Version.parse("2"));
            assertThat(Sql.column(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'customers'"))
                    .containsExactly("id");
            assertThat(history()).endsWith("3:ROLLED_BACK:3_add_email/down.sql");
            assertThat(m.status().currentVersion()).contains(Version.parse("2"));
            assertThat(m.status().pending()).extracting(MigrationInfo::script).containsExactly("3_add_email/up.sql");
            assertThat(events).filteredOn(MigrationEvent.MigrationReverted.class::isInstance).hasSize(1);
        }
    }

    @Test
    void steps_and_to_revert_newest_first_and_keep_the_target_applied() {
        threeReversible();
        try (Migrator m = migrator()) {
            m.migrate();

            RollbackResult toOne = m.rollback().to("1");

            assertThat(toOne.reverted()).extracting(MigrateResult.Applied::version)
                    .containsExactly(Version.parse("3"), Version.parse("2"));
            assertThat(Sql.tableExists(db, "public.orders")).isFalse();
            assertThat(Sql.tableExists(db, "public.customers")).isTrue();

            m.migrate();
            RollbackResult two = m.rollback().steps(2);
            assertThat(two.reverted()).extracting(MigrateResult.Applied::script)
                    .containsExactly("3_add_email/down.sql", "U2__orders.sql");
            assertThat(two.finalVersion()).isEqualTo(Version.parse("1"));
        }
    }

    @Test
    void a_rolled_back_migration_is_applied_again_by_the_next_migrate() {
        threeReversible();
        try (Migrator m = migrator()) {
            m.migrate();
            m.rollback().all();
            assertThat(Sql.tableExists(db, "public.customers")).isFalse();
            assertThat(m.status().currentVersion()).isEmpty();

            MigrateResult again = m.migrate();

            assertThat(again.applied()).extracting(MigrateResult.Applied::script)
                    .containsExactly("V1__customers.sql", "V2__orders.sql", "3_add_email/up.sql");
            assertThat(m.status().isValid()).isTrue();
            assertThat(m.rollback().steps(10).count()).as("all three revert again").isEqualTo(3);
        }
    }

    @Test
    void refuses_before_changing_anything_when_a_needed_down_script_is_missing() {
        dir().write("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);")
                .write("U1__customers.sql", "DROP TABLE customers;")
                .write("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);")
                .write("V3__invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);")
                .write("U3__invoices.sql", "DROP TABLE invoices;");
        try (Migrator m = migrator()) {
            m.migrate();
            List<String> before = history();

            assertThatThrownBy(() -> m.rollback().all())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("V2__orders.sql")
                    .hasMessageContaining("has no down script")
                    .hasMessageContaining("Add U2__orders.sql")
                    .satisfies(e -> assertThat(((ValidationException) e).problems())
                            .extracting(ValidationProblem::code).containsExactly(ErrorCode.MISSING_DOWN_MIGRATION));

            assertThat(history()).isEqualTo(before);
            assertThat(Sql.tableExists(db, "public.invoices")).as("V3's down did not run either").isTrue();
            assertThat(m.rollback().last().reverted()).as("the step that has a down script still works").hasSize(1);
        }
    }

    @Test
    void a_failed_transactional_down_script_leaves_the_migration_applied_and_the_history_unchanged() {
        dir().write("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);")
                .write("U1__customers.sql", "DROP TABLE customers;")
                .write("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);")
                .write("U2__orders.sql", "DROP TABLE orders;\nDROP TABLE no_such_table;");
        try (Migrator m = migrator()) {
            m.migrate();

            assertThatThrownBy(() -> m.rollback().all())
                    .isInstanceOf(MigrationFailedException.class)
                    .hasMessageContaining("U2__orders.sql failed at line 2")
                    .hasMessageContaining("the migration is still applied");

            assertThat(Sql.tableExists(db, "public.orders")).isTrue();
            assertThat(history()).containsExactly("1:APPLIED:V1__customers.sql", "2:APPLIED:V2__orders.sql",
                    "2:ABORTED:U2__orders.sql");
            assertThat(m.status().currentVersion()).contains(Version.parse("2"));
            assertThat(m.status().inState(MigrationState.APPLIED)).hasSize(2);
        }
    }

    @Test
    void a_failed_non_transactional_down_script_is_recorded_with_how_far_it_got() {
        dir().write("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY, email text);\n"
                        + "CREATE INDEX CONCURRENTLY customers_email ON customers (email);")
                .write("U1__customers.sql", "DROP INDEX CONCURRENTLY customers_email;\nDROP TABLE no_such_table;");
        try (Migrator m = migrator()) {
            m.migrate();

            assertThatThrownBy(() -> m.rollback().last())
                    .isInstanceOf(MigrationFailedException.class)
                    .hasMessageContaining("the rollback of version 1 is recorded as FAILED");

            assertThat(Sql.column(db, "SELECT state || ':' || statements_done || '/' || statements_total"
                    + " FROM public.migrate_history ORDER BY installed_rank DESC LIMIT 1")).containsExactly("FAILED:1/2");
            assertThat(m.status().inState(MigrationState.FAILED)).hasSize(1);
            assertThatThrownBy(m::migrate).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void rolling_back_to_an_unknown_version_is_refused() {
        threeReversible();
        try (Migrator m = migrator()) {
            m.migrate();

            assertThatThrownBy(() -> m.rollback().to("7"))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("no migration has that version");
            assertThat(m.status().currentVersion()).contains(Version.parse("3"));
        }
    }

    @Test
    void rollback_without_a_history_table_does_nothing() {
        threeReversible();
        try (Migrator m = migrator()) {
            RollbackResult result = m.rollback().all();

            assertThat(result.reverted()).isEmpty();
            assertThat(Sql.tableExists(db, "public.migrate_history")).isFalse();
        }
    }

    @Test
    void target_applies_pending_migrations_up_to_the_given_version_only() {
        threeReversible();
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).target("2").build()) {
            MigrateResult result = m.migrate();

            assertThat(result.applied()).extracting(MigrateResult.Applied::script)
                    .containsExactly("V1__customers.sql", "V2__orders.sql");
            assertThat(m.status().pending()).extracting(MigrationInfo::script).containsExactly("3_add_email/up.sql");
            assertThat(m.migrate().applied()).as("at the target, nothing is pending for this migrator").isEmpty();
        }
        try (Migrator all = migrator()) {
            assertThat(all.migrate().applied()).hasSize(1);
        }
    }
}
