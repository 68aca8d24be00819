package dev.migrate.zerodowntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ErrorCode;
import dev.migrate.Location;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationEvent;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import dev.migrate.MigratorBuilder;
import dev.migrate.spi.StepRunner;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each operation through its phases on a real database: while expanded, the old version writes
 * the tables (or its own views) and the new version reads its schema of views, and the reverse;
 * then it completes, or rolls back and leaves nothing.
 */
class ExpandContractTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @TempDir
    Path dir;

    private final List<MigrationEvent> events = new CopyOnWriteArrayList<>();

    private Migrator migrator(TestDatabase database, String v1, ExpandContract... migrations) throws Exception {
        return builder(database, v1, migrations).build();
    }

    private MigratorBuilder builder(TestDatabase database, String v1, ExpandContract... migrations) throws Exception {
        Files.writeString(dir.resolve("V1__base.sql"), v1);
        return Migrator.configure().dataSource(database.dataSource()).locations(Location.directory(dir))
                .source(ZeroDowntime.source(migrations)).listener(events::add);
    }

    private static String one(TestDatabase database, String sql) {
        Object value = database.queryForList(sql).get(0).values().iterator().next();
        return value == null ? null : value.toString();
    }

    /** What a rollback must leave as it found: the managed schema, the schemas there are, the state. */
    private static String trace(TestDatabase database, Migrator m) {
        return m.inspect().render() + "\nschemas: " + one(database, "SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace"
                + " WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'");
    }

    @Test
    void rename_column_old_and_new_versions_write_and_read_each_other_then_it_completes(TestDatabase database) throws Exception {
        ExpandContract rename = ExpandContract.migration("2", "rename name").renameColumn("users", "name", "full_name");
        try (Migrator m = migrator(database, "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL);"
                + " INSERT INTO users (name) VALUES ('ada');", rename)) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            MigrateResult started = zd.start();
            assertThat(started.notices()).singleElement().asString().contains("migration 2 is expanded")
                    .contains("complete(\"2\")");
            assertThat(started.toText()).contains("Next: Expand-contract migration 2 is expanded");
            assertThat(zd.status()).singleElement().satisfies(f -> {
                assertThat(f.phase()).isEqualTo(InFlight.Phase.EXPANDED);
                assertThat(f.versionSchema()).isEqualTo("public_v2");
                assertThat(f.previousSchema()).isEqualTo("public");
                assertThat(f.tables()).containsExactly("users");
            });
            // old writes, new reads
            database.execute("INSERT INTO users (name) VALUES ('bob')");
            assertThat(one(database, "SELECT string_agg(full_name, ',' ORDER BY id) FROM public_v2.users")).isEqualTo("ada,bob");
            // new writes, old reads
            database.execute("INSERT INTO public_v2.users (full_name) VALUES ('cy'); UPDATE public_v2.users SET full_name = 'ada l' WHERE full_name = 'ada'");
            assertThat(one(database, "SELECT string_agg(name, ',' ORDER BY id) FROM users")).isEqualTo("ada l,bob,cy");

            assertThat(zd.complete("2").phase()).isEqualTo(InFlight.Phase.COMPLETED);
            assertThat(one(database, "SELECT string_agg(full_name, ',' ORDER BY id) FROM users")).isEqualTo("ada l,bob,cy");
            assertThat(one(database, "SELECT string_agg(full_name, ',' ORDER BY id) FROM public_v2.users")).isEqualTo("ada l,bob,cy");
            assertThat(zd.complete("2").phase()).as("a second complete changes nothing").isEqualTo(InFlight.Phase.COMPLETED);
        }
        assertThat(events).filteredOn(ExpandContractPhase.class::isInstance).extracting(e -> ((ExpandContractPhase) e).phase())
                .containsExactly(InFlight.Phase.STARTING, InFlight.Phase.EXPANDED, InFlight.Phase.COMPLETING, InFlight.Phase.COMPLETED);
    }

    @Test
    void change_type_keeps_both_columns_in_step_both_ways_backfills_once_and_swaps_on_complete(TestDatabase database)
            throws Exception {
        ExpandContract widen = ExpandContract.migration("2", "widen amount")
                .changeType("orders", "amount", "bigint", "amount::bigint", "amount::int");
        try (Migrator m = migrator(database, "CREATE TABLE orders (id bigserial PRIMARY KEY, amount int NOT NULL DEFAULT 0);"
                + " INSERT INTO orders (amount) SELECT g FROM generate_series(1, 2500) g;", widen)) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            assertThat(database.queryForObject("SELECT count(*) FROM orders WHERE migrate_new_amount IS DISTINCT FROM amount",
                    Long.class)).as("backfilled").isZero();
            database.execute("INSERT INTO orders (amount) VALUES (5); UPDATE orders SET amount = 9 WHERE id = 1");
            assertThat(one(database, "SELECT string_agg(amount::text, ',' ORDER BY id) FROM public_v2.orders WHERE id IN (1, 2501)"))
                    .isEqualTo("9,5");
            database.execute("INSERT INTO public_v2.orders (amount) VALUES (7); UPDATE public_v2.orders SET amount = 8 WHERE id = 2");
            assertThat(one(database, "SELECT string_agg(amount::text, ',' ORDER BY id) FROM orders WHERE id IN (2, 2502)"))
                    .isEqualTo("8,7");
            database.execute("INSERT INTO public_v2.orders DEFAULT VALUES");
            assertThat(one(database, "SELECT amount || '/' || migrate_new_amount FROM orders WHERE id = 2503")).isEqualTo("0/0");
            assertThat(one(database, "SELECT pg_typeof(amount)::text FROM public_v2.orders LIMIT 1")).isEqualTo("bigint");

            zd.complete("2");
            assertThat(one(database, "SELECT format_type(atttypid, atttypmod) || ' ' || attnotnull FROM pg_attribute"
                    + " WHERE attrelid = 'orders'::regclass AND attname = 'amount'")).isEqualTo("bigint true");
            assertThat(one(database, "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'orders'::regclass"
                    + " AND adnum = (SELECT attnum FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'amount')"))
                    .isEqualTo("0");
            database.execute("INSERT INTO public_v2.orders (amount) VALUES (3000000000)");
            assertThat(database.queryForObject("SELECT count(*) FROM orders", Long.class)).isEqualTo(2504L);
            assertThat(one(database, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'orders'::regclass AND NOT tgisinternal"))
                    .isEqualTo("0");
        }
    }

    @Test
    void set_not_null_fills_nulls_written_by_either_version_and_sets_it_without_a_scan_on_complete(TestDatabase database)
            throws Exception {
        ExpandContract notNull = ExpandContract.migration("2", "email required")
                .setNotNull("users", "email", "'unknown-' || id");
        try (Migrator m = migrator(database, "CREATE TABLE users (id bigserial PRIMARY KEY, email text);"
                + " INSERT INTO users (email) SELECT CASE WHEN g % 2 = 0 THEN 'u' || g END FROM generate_series(1, 1500) g;", notNull)) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            assertThat(database.queryForObject("SELECT count(*) FROM users WHERE email IS NULL", Long.class)).isZero();
            assertThat(one(database, "SELECT email FROM users WHERE id = 1")).isEqualTo("unknown-1");
            database.execute("INSERT INTO users (email) VALUES (NULL)");
            database.execute("INSERT INTO public_v2.users (email) VALUES (NULL)");
            assertThat(one(database, "SELECT string_agg(email, ',' ORDER BY id) FROM public_v2.users WHERE id > 1500"))
                    .isEqualTo("unknown-1501,unknown-1502");
            assertThat(one(database, "SELECT convalidated::text FROM pg_constraint WHERE conname = 'migrate_nn_email'")).isEqualTo("true");

            zd.complete("2");
            assertThat(one(database, "SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'email'"))
                    .isEqualTo("true");
            assertThat(database.queryForObject("SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'c'",
                    Long.class)).isZero();
        }
    }

    @Test
    void add_column_not_null_is_filled_by_up_for_the_old_version_and_drop_column_by_down_for_the_new(TestDatabase database)
            throws Exception {
        ExpandContract change = ExpandContract.migration("2", "slug for legacy")
                .addColumn("users", Operation.Column.of("slug", "text").notNull(), "lower(name)")
                .dropColumn("users", "legacy", "'n/a'");
        try (Migrator m = migrator(database, "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL,"
                + " legacy text NOT NULL); INSERT INTO users (name, legacy) VALUES ('Ada', 'x');", change)) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            assertThat(one(database, "SELECT slug FROM public_v2.users WHERE id = 1")).isEqualTo("ada");
            database.execute("INSERT INTO users (name, legacy) VALUES ('Bob', 'y')");
            assertThat(one(database, "SELECT slug FROM public_v2.users WHERE id = 2")).isEqualTo("bob");
            database.execute("INSERT INTO public_v2.users (name, slug) VALUES ('Cy', 'cy-1')");
            assertThat(one(database, "SELECT legacy || ' ' || slug FROM users WHERE id = 3")).isEqualTo("n/a cy-1");
            assertThat(database.queryForObject("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public_v2'"
                    + " AND column_name = 'legacy'", Long.class)).isZero();

            zd.complete("2");
            assertThat(one(database, "SELECT string_agg(column_name || ':' || is_nullable, ',' ORDER BY ordinal_position)"
                    + " FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users'"))
                    .isEqualTo("id:NO,name:NO,slug:NO");
        }
    }

    @Test
    void constraints_are_added_not_valid_and_validated_indexes_built_concurrently_and_the_unique_one_becomes_a_constraint(
            TestDatabase database) throws Exception {
        ExpandContract keys = ExpandContract.migration("2", "keys")
                .addCheck("orders", "orders_amount_positive", "amount >= 0")
                .addForeignKey("orders", "orders_user_fkey", List.of("user_id"), "users", List.of("id"), "cascade")
                .createIndex("orders", "orders_user_idx", List.of("user_id"), false)
                .dropIndex("orders", "orders_old_idx")
                .addUnique("users", "users_email_key", List.of("email"));
        try (Migrator m = migrator(database, "CREATE TABLE users (id bigint PRIMARY KEY, email text);"
                + " CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, amount int);"
                + " CREATE INDEX orders_old_idx ON orders (amount);"
                + " INSERT INTO users VALUES (1, 'a'), (2, 'b'); INSERT INTO orders VALUES (1, 1, 5), (2, 2, 0);", keys)) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            assertThat(one(database, "SELECT string_agg(conname || '=' || convalidated, ',' ORDER BY conname) FROM pg_constraint"
                    + " WHERE conrelid = 'orders'::regclass AND contype IN ('c', 'f')"))
                    .isEqualTo("orders_amount_positive=true,orders_user_fkey=true");
            assertThat(one(database, "SELECT string_agg(c.relname || '=' || i.indisvalid, ',' ORDER BY c.relname) FROM pg_index i"
                    + " JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname IN ('orders_user_idx', 'users_email_key')"))
                    .isEqualTo("orders_user_idx=true,users_email_key=true");
            assertThatThrownBy(() -> database.execute("INSERT INTO orders VALUES (3, 1, -1)")).hasMessageContaining("orders_amount_positive");
            assertThatThrownBy(() -> database.execute("INSERT INTO public_v2.users VALUES (3, 'a')")).hasMessageContaining("users_email_key");
            assertThat(one(database, "SELECT count(*) FROM pg_class WHERE relname = 'orders_old_idx'")).isEqualTo("1");

            zd.complete("2");
            assertThat(one(database, "SELECT contype::text FROM pg_constraint WHERE conname = 'users_email_key'")).isEqualTo("u");
            assertThat(one(database, "SELECT count(*) FROM pg_class WHERE relname = 'orders_old_idx'")).isEqualTo("0");
            database.execute("DELETE FROM users WHERE id = 2");
            assertThat(one(database, "SELECT count(*) FROM orders")).as("ON DELETE CASCADE").isEqualTo("1");
        }
    }

    @Test
    void a_failed_concurrent_build_leaves_an_invalid_index_that_the_resumed_start_drops_and_builds_again(TestDatabase database)
            throws Exception {
        ExpandContract index = ExpandContract.migration("2", "unique email").createIndex("users", "users_email_uq", List.of("email"),
                true);
        try (Migrator m = migrator(database, "CREATE TABLE users (id bigint PRIMARY KEY, email text);"
                + " INSERT INTO users VALUES (1, 'a'), (2, 'a');", index)) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            assertThatThrownBy(zd::start).isInstanceOf(dev.migrate.MigrationFailedException.class).hasMessageContaining("users_email_uq");
            assertThat(one(database, "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'users_email_uq'::regclass"))
                    .as("what PostgreSQL leaves of a failed CREATE INDEX CONCURRENTLY").isEqualTo("false");

            database.execute("UPDATE users SET email = 'b' WHERE id = 2");
            m.resolve().resume("2");
            zd.start();
            assertThat(zd.status()).singleElement().extracting(InFlight::phase).isEqualTo(InFlight.Phase.EXPANDED);
            assertThat(one(database, "SELECT string_agg(indisvalid::text, ',') FROM pg_index WHERE indrelid = 'users'::regclass"
                    + " AND indexrelid::regclass::text = 'users_email_uq'")).isEqualTo("true");
            assertThatThrownBy(() -> database.execute("INSERT INTO users VALUES (3, 'a')")).hasMessageContaining("users_email_uq");
        }
    }

    @Test
    void tables_are_created_renamed_and_dropped_for_the_new_version_only_until_complete(TestDatabase database) throws Exception {
        ExpandContract tables = ExpandContract.migration("2", "tables")
                .createTable("tags", List.of(Operation.Column.of("id", "bigint"), Operation.Column.of("label", "text").notNull()),
                        List.of("id"))
                .renameTable("items", "products")
                .dropTable("scratch")
                .sql("CREATE TYPE mood AS ENUM ('calm', 'busy')", "DROP TYPE mood");
        try (Migrator m = migrator(database, "CREATE TABLE items (id bigint PRIMARY KEY, title text);"
                + " CREATE TABLE scratch (id int PRIMARY KEY);", tables)) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            database.execute("INSERT INTO items VALUES (1, 'old write')");
            assertThat(one(database, "SELECT title FROM public_v2.products")).isEqualTo("old write");
            database.execute("INSERT INTO public_v2.products VALUES (2, 'new write'); INSERT INTO public_v2.tags VALUES (1, 't')");
            assertThat(one(database, "SELECT count(*) FROM items")).isEqualTo("2");
            assertThat(one(database, "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables"
                    + " WHERE table_schema = 'public_v2'")).isEqualTo("products,tags");
            assertThat(one(database, "SELECT 'busy'::mood::text")).isEqualTo("busy");

            zd.complete("2");
            assertThat(one(database, "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables"
                    + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrate_history'"))
                    .isEqualTo("products,tags");
            assertThat(one(database, "SELECT count(*) FROM public_v2.products")).isEqualTo("2");
        }
    }

    @Test
    void rollback_removes_everything_start_made_and_the_migration_can_start_again(TestDatabase database) throws Exception {
        ExpandContract everything = ExpandContract.migration("2", "everything")
                .renameColumn("users", "name", "full_name")
                .addColumn("users", Operation.Column.of("slug", "text").notNull().asUnique(), "lower(name) || id")
                .changeType("orders", "amount", "bigint", "amount::bigint", "amount::int")
                .setNotNull("orders", "note", "''")
                .addCheck("orders", "orders_amount_positive", "amount >= 0")
                .createIndex("orders", "orders_note_idx", List.of("note"), false)
                .createTable("tags", List.of(Operation.Column.of("id", "bigint")), List.of("id"))
                .sql("CREATE TYPE mood AS ENUM ('calm')", "DROP TYPE mood");
        String v1 = "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL);"
                + " CREATE TABLE orders (id bigserial PRIMARY KEY, amount int NOT NULL, note text);"
                + " INSERT INTO users (name) VALUES ('Ada'); INSERT INTO orders (amount) VALUES (1);";
        String before;
        try (Migrator m = builder(database, v1, everything).target("1").build()) {
            m.migrate();
            before = trace(database, m);
        }
        try (Migrator m = migrator(database, v1, everything)) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            assertThat(zd.status()).singleElement().extracting(InFlight::phase).isEqualTo(InFlight.Phase.EXPANDED);
            assertThat(trace(database, m)).contains("public_v2").contains("migrate_zero_downtime");
            database.execute("INSERT INTO public_v2.users (full_name, slug) VALUES ('Bob', 'bob'); INSERT INTO orders (amount) VALUES (2)");

            zd.rollback("2");
            assertThat(m.status().migrations()).extracting(i -> i.state()).containsExactly(MigrationState.APPLIED, MigrationState.PENDING);
            database.execute("DELETE FROM users WHERE name = 'Bob'; DELETE FROM orders WHERE amount = 2");
            assertThat(trace(database, m)).isEqualTo(before);
            assertThat(zd.status()).isEmpty();

            zd.start();
            assertThat(zd.status()).singleElement().extracting(InFlight::phase).isEqualTo(InFlight.Phase.EXPANDED);
            assertThat(one(database, "SELECT full_name || ' ' || slug FROM public_v2.users WHERE id = 1")).isEqualTo("Ada ada1");
        }
    }

    @Test
    void an_operation_that_does_not_fit_the_schema_is_refused_naming_it_and_nothing_changes(TestDatabase database)
            throws Exception {
        ExpandContract bad = ExpandContract.migration("2", "bad")
                .renameColumn("users", "nme", "full_name")
                .changeType("users", "id", "uuid", "gen_random_uuid()", "0")
                .addColumn("users", Operation.Column.of("slug", "text").notNull(), null)
                .setNotNull("missing", "x", "0")
                .addForeignKey("users", "users_team_fkey", List.of("team_id"), "teams", List.of("id"), "sometimes")
                .dropColumn("users", "name", null);
        try (Migrator m = migrator(database, "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);", bad)) {
            // V1 applies; V2 is refused before anything of it runs.
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(StepRunner.Refused.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.STEP_REFUSED);
                assertThat(e.getMessage()).contains("operation 1 (rename_column on users): column nme does not exist")
                        .contains("operation 2 (change_type on users): column id has constraint users_pkey")
                        .contains("operation 3 (add_column on users): a NOT NULL column needs a default or an up expression")
                        .contains("operation 4 (set_not_null on missing): table public.missing does not exist")
                        .contains("the referenced table public.teams does not exist")
                        .contains("onDelete 'sometimes'").contains("nothing was changed")
                        .contains("operation 6 (drop_column on users): column name is NOT NULL without a default");
            });
        }
        assertThat(one(database, "SELECT string_agg(version || ' ' || state, ',' ORDER BY installed_rank) FROM migrate_history"))
                .isEqualTo("1 APPLIED,2 ABORTED");
        assertThat(one(database, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('migrate_zero_downtime', 'public_v2')"))
                .isEqualTo("0");
    }
}
