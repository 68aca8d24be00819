package dev.migrate.testkit;

import dev.migrate.MigratorBuilder;
import static dev.migrate.testkit.MigrateAssertions.assertThat;
import static dev.migrate.testkit.MigrateAssertions.assertThatMigrations;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.Finding;
import dev.migrate.JavaMigration;
import dev.migrate.Location;
import dev.migrate.Migrator;
import dev.migrate.Plan;
import dev.migrate.Severity;
import dev.migrate.Version;
import dev.migrate.spi.PlanChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MigrationsAssertTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @TempDir
    Path dir;

    private UnaryOperator<MigratorBuilder> here() {
        return b -> b.locations(Location.directory(dir));
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(dir.resolve(name), sql);
    }

    private void usersAndEmailIndex(String emailDown) throws IOException {
        write("V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n");
        write("U1__create_users.sql", "DROP TABLE users;\n");
        write("V2__index_email.sql", "CREATE INDEX users_email_idx ON users (email);\n"
                + "ALTER TABLE users ADD COLUMN name text;\n");
        write("U2__index_email.sql", emailDown);
        write("V3__create_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\n");
        write("U3__create_orders.sql", "DROP TABLE orders;\n");
    }

    @Test
    void applies_cleanly() throws IOException {
        usersAndEmailIndex("DROP INDEX users_email_idx;\nALTER TABLE users DROP COLUMN name;\n");

        assertThatMigrations(db.database(), here()).appliesCleanly()
                .schema().hasTable("orders").hasForeignKey("user_id").referencing("users", "id");
    }

    @Test
    void names_script_line_and_server_message_when_a_migration_fails() throws IOException {
        write("V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
        write("V2__fill.sql", "-- backfill\n\nINSERT INTO customers (id)\n  SELECT id FROM users;\n");

        assertThatThrownBy(() -> assertThatMigrations(db.database(), here()).appliesCleanly())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the migrations to apply cleanly but V2__fill.sql failed at line 3")
                .hasMessageContaining("[SQLSTATE 42P01]")
                .hasMessageContaining("relation \"customers\" does not exist");
    }

    @Test
    void passes_the_stairway_when_every_down_undoes_its_up() throws IOException {
        usersAndEmailIndex("DROP INDEX users_email_idx;\nALTER TABLE users DROP COLUMN name;\n");

        try (Migrator migrator = db.database().migrator(here())) {
            assertThat(migrator).areReversible().schema().hasTable("orders");
        }
    }

    @Test
    void names_the_version_and_what_its_down_left_behind() throws IOException {
        usersAndEmailIndex("ALTER TABLE users DROP COLUMN name;\n");

        assertThatThrownBy(() -> assertThatMigrations(db.database(), here()).areReversible())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but version 2 is not: its down script left the schema different from before"
                        + " the up script ran; 1 difference")
                .hasMessageContaining("up:   V2__index_email.sql")
                .hasMessageContaining("down: U2__index_email.sql")
                .hasMessageContaining("- unexpected index public.users_email_idx")
                .hasMessageContaining("Versions before it passed: 1.");
    }

    @Test
    void names_what_a_down_dropped_that_was_there_before() throws IOException {
        usersAndEmailIndex("DROP INDEX users_email_idx;\nALTER TABLE users DROP COLUMN name;\nALTER TABLE users DROP COLUMN email;\n");

        assertThatThrownBy(() -> assertThatMigrations(db.database(), here()).areReversible())
                .hasMessageContaining("version 2 is not")
                .hasMessageContaining("table public.users: column email: missing");
    }

    @Test
    void names_the_failing_down_script_and_the_server_message() throws IOException {
        usersAndEmailIndex("DROP INDEX users_email_index;\n");

        assertThatThrownBy(() -> assertThatMigrations(db.database(), here()).areReversible())
                .hasMessageContaining("version 2 is not: its down script failed")
                .hasMessageContaining("down: U2__index_email.sql")
                .hasMessageContaining("U2__index_email.sql failed at line 1")
                .hasMessageContaining("index \"users_email_index\" does not exist");
    }

    @Test
    void names_a_migration_without_down_script() throws IOException {
        usersAndEmailIndex("unused");
        Files.delete(dir.resolve("U2__index_email.sql"));

        assertThatThrownBy(() -> assertThatMigrations(db.database(), here()).areReversible())
                .hasMessageContaining("version 2 is not: it has no down script")
                .hasMessageContaining("down: none")
                .hasMessageContaining("Version 2 must be reverted, but it has no down script");
    }

    @Test
    void can_pass_over_migrations_without_down_script() throws IOException {
        usersAndEmailIndex("unused");
        Files.delete(dir.resolve("U2__index_email.sql"));

        assertThatMigrations(db.database(), here()).areReversibleExceptWithoutDown()
                .schema().hasTable("users").hasIndex("users_email_idx");
    }

    @Test
    void lists_every_object_a_down_left_behind() throws IOException {
        write("V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n"
                + "CREATE TABLE audit (id bigint);\n");
        write("U1__create_users.sql", "DROP TABLE users;\nALTER TABLE audit RENAME TO audit_old;\n");

        assertThatThrownBy(() -> assertThatMigrations(db.database(), here()).areReversible())
                .hasMessageContaining("version 1 is not: its down script left the schema different")
                .hasMessageContaining("unexpected table public.audit_old")
                .hasMessageContaining("Versions before it passed: none.");
    }

    @Test
    void names_a_migration_that_cannot_be_applied_again_after_its_down() throws IOException {
        write("V1__create_settings.sql", "CREATE TABLE settings (key text PRIMARY KEY);\n");
        write("U1__create_settings.sql", "DROP TABLE settings;\n");
        write("V2__default_theme.sql", "INSERT INTO settings (key) VALUES ('theme');\n");
        write("U2__default_theme.sql", "SELECT 1;\n");

        assertThatThrownBy(() -> assertThatMigrations(db.database(), here()).areReversible())
                .hasMessageContaining("version 2 is not: applying it again after its down script failed")
                .hasMessageContaining("V2__default_theme.sql failed at line 1")
                .hasMessageContaining("duplicate key value violates unique constraint \"settings_pkey\"");
    }

    @Test
    void fails_when_nothing_is_pending() throws IOException {
        write("V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
        try (Migrator migrator = db.database().migrator(here())) {
            migrator.migrate();
        }

        assertThatThrownBy(() -> assertThatMigrations(db.database(), here()).areReversible())
                .hasMessageContaining("no versioned migration is pending (current version: 1")
                .hasMessageContaining("MigrateExtension.empty()");
    }

    @Test
    void passes_when_no_finding_is_above_the_severity() throws IOException {
        usersAndEmailIndex("DROP INDEX users_email_idx;\n");
        write("V4__drop_orders.sql", "-- no longer used\nDROP TABLE orders;\n");

        assertThatMigrations(db.database(), b -> here().apply(b).checker(new NoDropTable()))
                .haveNoFindingsAbove(Severity.HIGH);
    }

    @Test
    void lists_each_finding_above_the_severity() throws IOException {
        usersAndEmailIndex("DROP INDEX users_email_idx;\n");
        write("V4__drop_orders.sql", "-- no longer used\nDROP TABLE orders;\n");

        assertThatThrownBy(() -> assertThatMigrations(db.database(), b -> here().apply(b).checker(new NoDropTable()))
                .haveNoFindingsAbove(Severity.MEDIUM))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the pending migrations to have no findings above MEDIUM but 1 is:")
                .hasMessageContaining("- HIGH V4__drop_orders.sql:2 [no-drop-table] DROP TABLE loses the table's rows."
                        + " Fix: rename it first, drop it in a later release");
    }

    @Test
    void the_stairway_keeps_the_risk_gate_of_the_migrator_it_climbs() throws IOException {
        usersAndEmailIndex("DROP INDEX users_email_idx;\nALTER TABLE users DROP COLUMN name;\n");
        write("V4__drop_orders.sql", "DROP TABLE orders;\n");
        write("U4__drop_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\n");

        try (Migrator migrator = db.database().migrator(b -> here().apply(b).checker(new NoDropTable())
                .refuseFindingsAbove(Severity.MEDIUM))) {
            assertThatThrownBy(() -> assertThat(migrator).areReversible())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("V4__drop_orders.sql")
                    .hasMessageContaining("no-drop-table");
            org.assertj.core.api.Assertions.assertThat(migrator.status().currentVersion()).contains(Version.parse("3"));
        }
    }

    @Test
    void the_stairway_climbs_java_migrations_too() throws IOException {
        write("V1__create_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
        write("U1__create_users.sql", "DROP TABLE users;\n");
        write("V3__create_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n");
        write("U3__create_orders.sql", "DROP TABLE orders;\n");
        JavaMigration addName = new JavaMigration() {
            public Version version() {
                return Version.parse("2");
            }

            public String description() {
                return "add name";
            }

            public void migrate(Connection c) throws SQLException {
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE users ADD COLUMN name text");
                }
            }
        };

        try (Migrator migrator = db.database().migrator(b -> here().apply(b).javaMigrations(addName))) {
            assertThat(migrator).areReversibleExceptWithoutDown().schema().hasTable("users").hasColumn("name");
        }
    }

    /** Flags every DROP TABLE. */
    private static final class NoDropTable implements PlanChecker {
        @Override
        public List<Finding> check(Plan plan, Context context) {
            List<Finding> findings = new ArrayList<>();
            for (Plan.Step step : plan.migrations()) {
                for (Plan.Statement s : step.statements()) {
                    if (s.sql().toUpperCase(Locale.ROOT).contains("DROP TABLE")) {
                        findings.add(new Finding("no-drop-table", Severity.HIGH, step.script(), s.line(),
                                "DROP TABLE loses the table's rows.", "rename it first, drop it in a later release"));
                    }
                }
            }
            return findings;
        }
    }
}
