package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusTest {
    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();

    private Migrator migrator(boolean outOfOrder) {
        return Migrator.configure().dataSource(db).locations(Location.directory(tmp)).outOfOrder(outOfOrder).build();
    }

    @Test
    void an_empty_database_reports_everything_pending() {
        new MigrationsDir(tmp).write("V1__a.sql", "SELECT 1;").write("R__r.sql", "SELECT 2;");
        try (Migrator m = migrator(false)) {
            Status status = m.status();
            assertThat(status.migrations()).extracting(MigrationInfo::label, MigrationInfo::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("1", MigrationState.PENDING),
                    org.assertj.core.groups.Tuple.tuple("R", MigrationState.PENDING));
            assertThat(status.currentVersion()).isEmpty();
            assertThat(status.isValid()).isTrue();
        }
    }

    @Test
    void reports_applied_modified_missing_future_out_of_order_and_outdated() {
        MigrationsDir dir = new MigrationsDir(tmp);
        dir.write("V1__a.sql", "CREATE TABLE a (id int);").write("V3__c.sql", "CREATE TABLE c (id int);")
                .write("V4__d.sql", "CREATE TABLE d (id int);").write("V5__e.sql", "CREATE TABLE e (id int);")
                .write("R__r.sql", "CREATE VIEW r AS SELECT 1 AS x;");
        try (Migrator m = migrator(false)) {
            m.migrate();
        }
        Sql.execute(db, "INSERT INTO public.migrate_history SELECT 99, '9', 'from a newer release', 'VERSIONED', 'V9__new.sql',"
                + " 'x', 'ci', now(), now(), 1, 'APPLIED', 1, 1, NULL");
        dir.write("V1__a.sql", "CREATE TABLE a (id bigint);")   // modified
                .delete("V4__d.sql")                              // missing
                .write("V2__b.sql", "CREATE TABLE b (id int);")   // out of order
                .write("R__r.sql", "CREATE OR REPLACE VIEW r AS SELECT 2 AS x;"); // outdated

        try (Migrator m = migrator(false)) {
            Status status = m.status();
            assertThat(status.migrations()).extracting(MigrationInfo::label, MigrationInfo::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("1", MigrationState.MODIFIED),
                    org.assertj.core.groups.Tuple.tuple("2", MigrationState.OUT_OF_ORDER),
                    org.assertj.core.groups.Tuple.tuple("3", MigrationState.APPLIED),
                    org.assertj.core.groups.Tuple.tuple("4", MigrationState.MISSING),
                    org.assertj.core.groups.Tuple.tuple("5", MigrationState.APPLIED),
                    org.assertj.core.groups.Tuple.tuple("9", MigrationState.FUTURE),
                    org.assertj.core.groups.Tuple.tuple("R", MigrationState.OUTDATED));
            assertThat(status.problems()).extracting(ValidationProblem::code).containsExactly(
                    ErrorCode.CHECKSUM_MISMATCH, ErrorCode.OUT_OF_ORDER, ErrorCode.MISSING_MIGRATION);
            assertThat(status.currentVersion()).contains(Version.parse("9"));
            assertThat(status.migrations().get(2).applied().installedBy()).isNotBlank();

            assertThatThrownBy(m::validate).isInstanceOfSatisfying(ValidationException.class, e -> {
                assertThat(e.problems()).hasSize(3);
                assertThat(e.getMessage()).contains("3 problems", "V1__a.sql", "V2__b.sql", "V4__d.sql", "outOfOrder(true)");
            });
        }
    }

    @Test
    void out_of_order_migrations_apply_when_allowed() {
        MigrationsDir dir = new MigrationsDir(tmp).write("V1__a.sql", "CREATE TABLE a (id int);").write("V3__c.sql", "CREATE TABLE c (id int);");
        try (Migrator m = migrator(false)) {
            m.migrate();
        }
        dir.write("V2__b.sql", "CREATE TABLE b (id int);");
        try (Migrator m = migrator(true)) {
            assertThat(m.migrate().applied()).extracting(MigrateResult.Applied::script).containsExactly("V2__b.sql");
            assertThat(m.status().inState(MigrationState.APPLIED)).hasSize(3);
        }
    }

    @Test
    void configuration_errors_name_the_setting() {
        assertThatThrownBy(() -> Migrator.configure().build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("dataSource");
        assertThatThrownBy(() -> Migrator.configure().url("jdbc:mysql://x/y", "u", "secret").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("jdbc:postgresql:").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> Migrator.configure().dataSource(db).placeholder("bad name", "v").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("bad name");
        assertThatThrownBy(() -> Migrator.configure().dataSource(db).locations("s3:bucket/x").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("classpath:");
    }
}
