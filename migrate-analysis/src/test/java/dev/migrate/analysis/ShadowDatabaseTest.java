package dev.migrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.DatabaseException;
import dev.migrate.Location;
import dev.migrate.Migrator;
import dev.migrate.Plan;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ShadowDatabaseTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @TempDir
    Path dir;

    @Test
    void a_copy_has_the_sources_schema_and_rows_and_is_dropped_on_close(TestDatabase database) throws Exception {
        database.execute("CREATE TABLE orders (id bigint PRIMARY KEY, total int); INSERT INTO orders VALUES (1, 10), (2, 20)");
        String name;
        try (ShadowDatabase shadow = ShadowDatabase.copyOf(database.jdbcUrl(), database.user(), database.password())) {
            name = shadow.name();
            assertThat(name).startsWith(database.name() + "_shadow_");
            try (Connection c = shadow.dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("DELETE FROM orders WHERE id = 1");
                try (var rs = st.executeQuery("SELECT count(*) FROM orders")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            }
        }
        assertThat(database.queryForObject("SELECT count(*) FROM orders", Long.class)).as("the source is untouched").isEqualTo(2L);
        assertThat(database.queryForObject("SELECT count(*) FROM pg_database WHERE datname = ?", Long.class, name))
                .as("the copy is gone").isZero();
    }

    @Test
    @SuppressWarnings("try") // the open connection is what makes the source busy
    void a_source_someone_is_connected_to_cannot_be_copied_and_the_error_says_what_to_do(TestDatabase database) throws Exception {
        try (Connection busy = database.dataSource().getConnection()) {
            assertThatThrownBy(() -> ShadowDatabase.copyOf(database.jdbcUrl(), database.user(), "secret-password"))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("other sessions are connected to it")
                    .hasMessageContaining("pg_stat_activity")
                    .hasMessageNotContaining("secret-password");
        }
    }

    @Test
    void a_copy_that_is_still_in_use_is_dropped_anyway(TestDatabase database) throws Exception {
        ShadowDatabase shadow = ShadowDatabase.copyOf(database.jdbcUrl(), database.user(), database.password());
        Connection forgotten = shadow.dataSource().getConnection();

        shadow.close();

        assertThat(forgotten.isValid(2)).isFalse();
        assertThat(database.queryForObject("SELECT count(*) FROM pg_database WHERE datname = ?", Long.class, shadow.name())).isZero();
    }

    @Test
    void a_long_source_name_gives_a_copy_name_postgres_keeps_whole() {
        String name = ShadowDatabase.copyName("ö".repeat(40));

        assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(name).matches("ö+_shadow_[0-9a-f]{8}");
    }

    @Test
    void a_whole_plan_is_rehearsed_step_on_step_and_compared_with_the_prediction(TestDatabase database) throws Exception {
        database.execute("CREATE TABLE orders (id bigint PRIMARY KEY, total int); INSERT INTO orders VALUES (1, 10)");
        Files.writeString(dir.resolve("V1__refunds.sql"), "CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint);\n");
        Files.writeString(dir.resolve("V2__link.sql"), "ALTER TABLE refunds ADD CONSTRAINT refunds_order_fk"
                + " FOREIGN KEY (order_id) REFERENCES orders (id);\nALTER TABLE orders ALTER COLUMN total TYPE bigint;\n");
        Files.writeString(dir.resolve("V3__index.sql"), "CREATE INDEX CONCURRENTLY refunds_order_idx ON refunds (order_id);\n");
        Plan plan;
        try (Migrator migrator = Migrator.configure().dataSource(database.dataSource()).locations(Location.directory(dir)).build()) {
            plan = migrator.plan();
        }

        List<Rehearsal.Comparison> compared;
        try (ShadowDatabase shadow = ShadowDatabase.copyOf(database.jdbcUrl(), database.user(), database.password())) {
            try (Connection c = shadow.dataSource().getConnection()) {
                compared = Rehearsal.on(c).compareAndApply(plan);
            }
            try (Connection c = shadow.dataSource().getConnection(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT to_regclass('refunds_order_idx') IS NOT NULL")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("the CONCURRENTLY step ran for real on the copy").isTrue();
            }
        }

        assertThat(compared).hasSize(4);
        assertThat(compared.get(1).observed().error()).as("step 2 sees step 1's table").isNull();
        assertThat(compared.get(1).observed().locks())
                .containsEntry("public.refunds", LockLevel.SHARE_ROW_EXCLUSIVE)
                .containsEntry("public.orders", LockLevel.SHARE_ROW_EXCLUSIVE);
        assertThat(compared.get(2).observed().rewritten()).contains("public.orders");
        assertThat(compared.get(3).observed().rehearsed()).isFalse();
        assertThat(compared).allSatisfy(c -> assertThat(c.lockAgrees() && c.rewriteAgrees()).as(c.toString()).isTrue());
        assertThat(Rehearsal.toText(compared)).contains("V2__link.sql:2 predicted AccessExclusiveLock + rewrite",
                "4 statements rehearsed, 0 differ from the prediction");
        assertThat(database.queryForObject("SELECT to_regclass('refunds') IS NULL", Boolean.class))
                .as("nothing reached the source").isTrue();
    }
}
