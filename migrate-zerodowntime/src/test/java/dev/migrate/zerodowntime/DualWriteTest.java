package dev.migrate.zerodowntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.Location;
import dev.migrate.MigrationException;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import dev.migrate.MigratorBuilder;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The finer points of keeping two shapes in step, and of undoing: which writes the trigger
 * derives again and which it keeps, what the backfill leaves, the order of undo, a start that
 * failed midway, the privileges and search path the views and triggers work with.
 */
class DualWriteTest {
    /** Batches this size never shrink here: the tests count them. */
    private static final Duration STEADY = Duration.ofMinutes(1);

    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @TempDir
    Path dir;

    private MigratorBuilder builder(TestDatabase database, String v1, ExpandContract... migrations) throws Exception {
        Files.writeString(dir.resolve("V1__base.sql"), v1);
        return Migrator.configure().dataSource(database.dataSource()).locations(Location.directory(dir))
                .source(ZeroDowntime.source(migrations));
    }

    private static String one(TestDatabase database, String sql) {
        Object value = database.queryForList(sql).get(0).values().iterator().next();
        return value == null ? null : value.toString();
    }

    @Test
    void an_added_column_is_derived_again_when_the_old_version_changes_its_inputs_and_kept_when_the_new_version_sets_it(
            TestDatabase database) throws Exception {
        ExpandContract slug = ExpandContract.migration("2", "slug")
                .addColumn("users", Operation.Column.of("slug", "text").notNull().withDefault("'none'"), "lower(name)");
        try (Migrator m = builder(database, "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL);"
                + " INSERT INTO users (name) VALUES ('Ada');", slug).build()) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            assertThat(one(database, "SELECT slug FROM users WHERE id = 1")).as("up, not the default").isEqualTo("ada");
            database.execute("UPDATE users SET name = 'Ada L' WHERE id = 1");
            assertThat(one(database, "SELECT slug FROM users WHERE id = 1")).isEqualTo("ada l");
            database.execute("UPDATE public_v2.users SET slug = 'custom' WHERE id = 1");
            assertThat(one(database, "SELECT slug FROM users WHERE id = 1")).isEqualTo("custom");
            database.execute("INSERT INTO users (name) VALUES ('Bob')");
            assertThat(one(database, "SELECT slug FROM users WHERE name = 'Bob'")).isEqualTo("bob");

            zd.complete("2");
            database.execute("INSERT INTO public_v2.users (name) VALUES ('Cy')");
            assertThat(one(database, "SELECT slug FROM users WHERE name = 'Cy'")).as("the default, set on complete").isEqualTo("none");
        }
    }

    @Test
    void the_backfill_leaves_rows_the_new_version_wrote_while_it_ran(TestDatabase database) throws Exception {
        ExpandContract upper = ExpandContract.migration("2", "upper notes")
                .changeType("notes", "body", "varchar(40)", "upper(body)", "lower(body)");
        AtomicBoolean wrote = new AtomicBoolean();
        MigratorBuilder builder = builder(database, "CREATE TABLE notes (id bigint PRIMARY KEY, body text);"
                + " INSERT INTO notes SELECT g, 'n' || g FROM generate_series(1, 3000) g;", upper)
                .options(ZeroDowntimeOptions.DEFAULTS.withBatchSize(500).withMaxBatchTime(STEADY))
                .listener(e -> {
                    if (e instanceof BackfillProgress p && p.rowsDone() == 0 && !wrote.getAndSet(true)) {
                        // The new version's write of row 2000 (its views come at the end of start; this is what they do).
                        database.execute("UPDATE notes SET migrate_new_body = 'MiXed' WHERE id = 2000");
                    }
                });
        try (Migrator m = builder.build()) {
            m.migrate();
        }
        assertThat(wrote).isTrue();
        assertThat(one(database, "SELECT body || ' ' || migrate_new_body FROM notes WHERE id = 2000")).isEqualTo("mixed MiXed");
        assertThat(one(database, "SELECT migrate_new_body FROM notes WHERE id = 1999")).isEqualTo("N1999");
    }

    @Test
    void a_dropped_column_gets_down_only_in_rows_the_new_version_inserts(TestDatabase database) throws Exception {
        ExpandContract drop = ExpandContract.migration("2", "drop legacy").dropColumn("notes", "legacy", "'n/a'");
        try (Migrator m = builder(database, "CREATE TABLE notes (body text, legacy text);"
                + " INSERT INTO notes VALUES ('a', NULL), ('b', 'kept');", drop).build()) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            database.execute("UPDATE notes SET body = 'a2' WHERE body = 'a'; INSERT INTO public_v2.notes (body) VALUES ('c')");
            assertThat(one(database, "SELECT string_agg(body || '=' || coalesce(legacy, 'NULL'), ',' ORDER BY body) FROM notes"))
                    .isEqualTo("a2=NULL,b=kept,c=n/a");
            zd.complete("2");
            assertThat(one(database, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'notes'"
                    + " AND table_schema = 'public'")).isEqualTo("1");
        }
    }

    @Test
    void rollback_undoes_in_reverse_order_a_key_to_a_table_created_after_it(TestDatabase database) throws Exception {
        ExpandContract customers = ExpandContract.migration("2", "customers")
                .addColumn("orders", Operation.Column.of("customer_id", "bigint").referencing("customers (id)"), null)
                .createTable("customers", List.of(Operation.Column.of("id", "bigint"), Operation.Column.of("name", "text")
                        .withCheck("name <> ''")), List.of("id"))
                .addCheck("customers", "customers_name_short", "length(name) < 100");
        try (Migrator m = builder(database, "CREATE TABLE orders (id bigint PRIMARY KEY);", customers).build()) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            database.execute("INSERT INTO public_v2.customers VALUES (1, 'ada'); INSERT INTO public_v2.orders VALUES (1, 1)");
            assertThatThrownBy(() -> database.execute("INSERT INTO orders VALUES (2, 7)")).hasMessageContaining("orders_customer_id_fkey");
            zd.rollback("2");
            assertThat(one(database, "SELECT count(*) FROM pg_class WHERE relname = 'customers'")).isEqualTo("0");
            assertThat(one(database, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders'")).isEqualTo("1");
            assertThat(m.status().migrations()).extracting(i -> i.state()).containsExactly(MigrationState.APPLIED, MigrationState.PENDING);
        }
    }

    @Test
    void rolling_back_a_dropped_not_null_is_refused_while_the_new_version_left_nulls_and_then_goes_through(TestDatabase database)
            throws Exception {
        ExpandContract optional = ExpandContract.migration("2", "optional name").dropNotNull("users", "name");
        try (Migrator m = builder(database, "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);"
                + " INSERT INTO users VALUES (1, 'ada');", optional).build()) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            database.execute("INSERT INTO public_v2.users VALUES (2, NULL)");
            assertThatThrownBy(() -> zd.rollback("2")).isInstanceOf(MigrationException.class).hasMessageContaining("migrate_nn_name");
            database.execute("UPDATE users SET name = 'bob' WHERE id = 2");
            // The failed down step left version 2 failed; rollback continues it and marks it rolled back.
            zd.rollback("2");
            assertThat(m.status().migrations()).extracting(i -> i.state()).containsExactly(MigrationState.APPLIED, MigrationState.PENDING);
            assertThat(one(database, "SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'name'"))
                    .isEqualTo("true");
            assertThat(one(database, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'c'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void a_start_that_failed_midway_rolls_back_what_it_did_and_only_that(TestDatabase database) throws Exception {
        ExpandContract failing = ExpandContract.migration("2", "fails at validate")
                .sql("CREATE TYPE mood AS ENUM ('calm')", "DROP TYPE mood")
                .changeType("orders", "amount", "bigint", "amount::bigint", "amount::int")
                .addCheck("orders", "orders_big", "amount > 100")
                .sql("CREATE TABLE never (id int)", "DROP TABLE never");
        try (Migrator m = builder(database, "CREATE TABLE orders (id bigint PRIMARY KEY, amount int NOT NULL);"
                + " INSERT INTO orders VALUES (1, 5);", failing).build()) {
            assertThatThrownBy(m::migrate).isInstanceOf(MigrationException.class).hasMessageContaining("orders_big");
            ZeroDowntime zd = ZeroDowntime.on(m);
            assertThat(zd.status()).singleElement().extracting(InFlight::phase).isEqualTo(InFlight.Phase.STARTING);
            assertThat(one(database, "SELECT count(*) FROM pg_class WHERE relname = 'never'")).isEqualTo("1");

            zd.rollback("2");
            assertThat(one(database, "SELECT count(*) FROM pg_type WHERE typname = 'mood'")).isEqualTo("0");
            assertThat(one(database, "SELECT count(*) FROM pg_class WHERE relname = 'never'")).isEqualTo("0");
            assertThat(one(database, "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                    + " AND attnum > 0 AND NOT attisdropped")).isEqualTo("id,amount");
            assertThat(one(database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'migrate_zero_downtime'")).isEqualTo("0");
            assertThat(m.status().migrations()).extracting(i -> i.state()).containsExactly(MigrationState.APPLIED, MigrationState.PENDING);
        }
    }

    @Test
    void the_views_carry_the_owners_default_rights_and_the_trigger_reads_its_expressions_on_the_managed_schema(TestDatabase database)
            throws Exception {
        database.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'zdt_owner') THEN"
                + " CREATE ROLE zdt_owner LOGIN PASSWORD 'owner'; END IF; END $$");
        ExpandContract slug = ExpandContract.migration("2", "slug")
                .addColumn("users", Operation.Column.of("slug", "text"), "slugify(name)");
        try (Migrator m = builder(database, "CREATE FUNCTION slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;"
                + " CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL); ALTER TABLE users OWNER TO zdt_owner;"
                + " GRANT USAGE ON SCHEMA public TO zdt_owner;", slug).build()) {
            ZeroDowntime.on(m).start();
        }
        Properties p = new Properties();
        p.setProperty("user", "zdt_owner");
        p.setProperty("password", "owner");
        String url = database.jdbcUrl().replaceAll("([?&])(user|password)=[^&]*&?", "$1");
        try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement()) {
            st.execute("SET search_path = pg_catalog");
            st.execute("INSERT INTO public_v2.users (name) VALUES ('Ada')");
            try (ResultSet rs = st.executeQuery("SELECT slug FROM public_v2.users")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ada");
            }
        }
    }
}
