package dev.migrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RehearsalTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @Test
    void records_locks_rewrites_and_catalog_changes_then_leaves_nothing_behind(TestDatabase database) throws Exception {
        database.execute("CREATE TABLE orders (id bigint PRIMARY KEY, total int); INSERT INTO orders VALUES (1, 10)");
        try (Connection c = database.dataSource().getConnection()) {
            List<Rehearsal.Observed> seen = Rehearsal.on(c).run("V2__orders.sql", """
                    ALTER TABLE orders ADD COLUMN note text;
                    ALTER TABLE orders ALTER COLUMN total TYPE bigint;
                    CREATE TABLE refunds (id bigint PRIMARY KEY);
                    CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
                    """);

            assertThat(seen.get(0).locks()).containsEntry("public.orders", LockLevel.ACCESS_EXCLUSIVE);
            assertThat(seen.get(0).catalog()).containsExactly("column public.orders.note added: text");
            assertThat(seen.get(0).rewritten()).isEmpty();
            assertThat(seen.get(1).rewritten()).contains("public.orders", "public.orders_pkey");
            assertThat(seen.get(1).catalog()).containsExactly("column public.orders.total changed: integer -> bigint");
            assertThat(seen.get(1).locks()).as("already held since line 1: nothing new").doesNotContainKey("public.orders");
            assertThat(seen.get(2).catalog()).contains("created public.refunds", "column public.refunds.id added: bigint not null");
            assertThat(seen.get(3).rehearsed()).as("CONCURRENTLY cannot run in the rehearsal's transaction").isFalse();
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(database.queryForList("SELECT column_name FROM information_schema.columns WHERE table_name = 'orders'"))
                .as("rolled back").hasSize(2);
        assertThat(database.queryForObject("SELECT to_regclass('refunds') IS NULL", Boolean.class)).isTrue();
    }

    @Test
    void a_step_whose_commit_fails_is_reported_as_failed_and_leaves_the_connection_as_it_was(TestDatabase database)
            throws Exception {
        database.execute("CREATE TABLE parents (id int PRIMARY KEY)");
        dev.migrate.Plan.Step step = dev.migrate.Migrator.readScript("V2__kids.sql", "CREATE TABLE kids (parent_id int"
                + " REFERENCES parents DEFERRABLE INITIALLY DEFERRED);\nINSERT INTO kids VALUES (7);\n", 17);
        dev.migrate.Plan plan = new dev.migrate.Plan(List.of(step), List.of());
        try (Connection c = database.dataSource().getConnection()) {
            List<Rehearsal.Comparison> compared = Rehearsal.on(c).compareAndApply(plan);

            assertThat(compared.get(1).observed().error()).startsWith("COMMIT at the end of the step failed").contains("kids");
            assertThat(Rehearsal.toText(compared)).contains("error: COMMIT at the end", "1 failed");
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(database.queryForObject("SELECT to_regclass('kids') IS NULL", Boolean.class)).as("rolled back").isTrue();
    }

    @Test
    void stops_at_a_failing_statement_and_reports_the_error(TestDatabase database) throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            List<Rehearsal.Observed> seen = Rehearsal.on(c).run("V3.sql", "CREATE TABLE a (id int);\nALTER TABLE missing ADD COLUMN x int;\n"
                    + "CREATE TABLE b (id int);");

            assertThat(seen).hasSize(2);
            assertThat(seen.get(1).error()).contains("relation \"missing\" does not exist");
        }
    }
}
