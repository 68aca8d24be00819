package dev.migrate.zerodowntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ErrorCode;
import dev.migrate.Location;
import dev.migrate.Migrator;
import dev.migrate.ValidationException;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Ordinary SQL, as an ORM writes it, run the expand-contract way when marked so. */
class SqlStrategyTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @TempDir
    Path dir;

    private Migrator migrator(TestDatabase database, String v2) throws Exception {
        Files.writeString(dir.resolve("V1__base.sql"), "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL, team_id bigint);"
                + " CREATE TABLE teams (id bigint PRIMARY KEY);"
                + " CREATE TABLE orders (id bigserial PRIMARY KEY, amount int NOT NULL DEFAULT 0, note text, user_id bigint);"
                + " INSERT INTO teams VALUES (1); INSERT INTO users (name, team_id) VALUES ('ada', 1);"
                + " INSERT INTO orders (amount, note, user_id) SELECT g, 'n', 1 FROM generate_series(1, 1200) g;");
        Files.writeString(dir.resolve("V2__orm_changes.sql"), v2);
        return Migrator.configure().dataSource(database.dataSource()).locations(Location.directory(dir)).build();
    }

    private static String one(TestDatabase database, String sql) {
        Object value = database.queryForList(sql).get(0).values().iterator().next();
        return value == null ? null : value.toString();
    }

    @Test
    void risky_statements_of_a_marked_script_run_as_their_operations(TestDatabase database) throws Exception {
        try (Migrator m = migrator(database, """
                -- migrate:strategy expand-contract
                ALTER TABLE orders ALTER COLUMN amount TYPE bigint;
                ALTER TABLE users RENAME COLUMN name TO full_name;
                ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
                ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true,
                    ADD CONSTRAINT users_team_fkey FOREIGN KEY (team_id) REFERENCES teams ON DELETE SET NULL;
                ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount >= 0);
                CREATE INDEX orders_user_idx ON orders (user_id);
                CREATE TABLE tags (id bigint PRIMARY KEY, label text);
                """)) {
            m.migrate();
            ZeroDowntime zd = ZeroDowntime.on(m);
            assertThat(zd.status()).singleElement().satisfies(f -> {
                assertThat(f.phase()).isEqualTo(InFlight.Phase.EXPANDED);
                assertThat(f.tables()).containsExactly("orders", "users");
            });
            assertThat(one(database, "SELECT pg_typeof(amount)::text || ' ' || full_name || ' ' || active FROM public_v2.orders,"
                    + " public_v2.users WHERE orders.id = 1")).isEqualTo("bigint ada true");
            assertThat(one(database, "SELECT string_agg(conname || '=' || convalidated, ',' ORDER BY conname) FROM pg_constraint"
                    + " WHERE contype IN ('c', 'f') AND conrelid IN ('orders'::regclass, 'users'::regclass)"))
                    .isEqualTo("migrate_nn_active=true,migrate_nn_migrate_new_amount=true,migrate_nn_note=true,"
                            + "orders_amount_check=true,users_team_fkey=true");
            assertThat(one(database, "SELECT count(*) FROM tags")).isEqualTo("0");

            zd.complete("2");
            assertThat(one(database, "SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable, ', '"
                    + " ORDER BY table_name, ordinal_position) FROM information_schema.columns WHERE table_schema = 'public'"
                    + " AND table_name IN ('orders', 'users')")).isEqualTo("id bigint NO, note text NO, user_id bigint YES,"
                    + " amount bigint NO, id bigint NO, full_name text NO, team_id bigint YES, active boolean NO");
            assertThat(one(database, "SELECT confdeltype::text FROM pg_constraint WHERE conname = 'users_team_fkey'")).isEqualTo("n");
        }
    }

    @Test
    void statements_without_an_expand_contract_form_are_refused_before_anything_runs(TestDatabase database) throws Exception {
        try (Migrator m = migrator(database, """
                -- migrate:strategy expand-contract
                ALTER TABLE orders ALTER COLUMN amount TYPE bigint;
                UPDATE orders SET note = 'x';
                ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'y';
                CREATE INDEX ON orders (note);
                """)) {
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(ValidationException.class, e -> {
                assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ErrorCode.OPERATIONS_UNREADABLE);
                    assertThat(p.script()).isEqualTo("V2__orm_changes.sql");
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.message()).contains("line 3: UPDATE ORDERS is refused under expand-contract: a change of rows is a"
                            + " backfill").contains("line 4: ALTER COLUMN ... SET has no expand-contract form")
                            .contains("line 5: name the index");
                });
            });
            assertThat(database.queryForObject("SELECT count(*) FROM pg_tables WHERE tablename = 'orders'", Long.class))
                    .as("not even V1 ran").isZero();
        }
    }

    @Test
    void names_outside_the_managed_schema_several_objects_in_one_drop_and_keys_added_without_a_name_are_refused(TestDatabase database)
            throws Exception {
        try (Migrator m = migrator(database, """
                -- migrate:strategy expand-contract
                ALTER TABLE audit.orders ALTER COLUMN amount TYPE bigint;
                DROP TABLE teams, users;
                DROP TABLE teams CASCADE;
                ALTER TABLE orders ADD PRIMARY KEY (id);
                GRANT SELECT ON orders TO PUBLIC;
                """)) {
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                    .singleElement().satisfies(p -> assertThat(p.message())
                            .contains("line 2: audit.orders is outside public")
                            .contains("line 3: DROP TABLE maps only for one object, without CASCADE; found ','")
                            .contains("line 4: DROP TABLE maps only for one object, without CASCADE; found 'CASCADE'")
                            .contains("line 5: ADD CONSTRAINT ... PRIMARY has no expand-contract form")
                            .doesNotContain("line 6")));
        }
    }

    @Test
    void a_rollback_drops_what_statements_run_as_written_created_and_names_what_it_cannot_undo(TestDatabase database)
            throws Exception {
        java.util.List<ExpandContractPhase> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
        Files.writeString(dir.resolve("V1__base.sql"), "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL);");
        Files.writeString(dir.resolve("V2__orm_changes.sql"), """
                -- migrate:strategy expand-contract
                ALTER TABLE users RENAME COLUMN name TO full_name;
                ALTER TABLE users ADD COLUMN nick text;
                CREATE VIEW nicks AS SELECT id, nick FROM users;
                CREATE TABLE tags (id bigint PRIMARY KEY, label text);
                CREATE TYPE mood AS ENUM ('calm');
                CREATE FUNCTION calm() RETURNS mood LANGUAGE sql AS $$ SELECT 'calm'::mood $$;
                INSERT INTO users (name) VALUES ('seed');
                """);
        try (Migrator m = Migrator.configure().dataSource(database.dataSource()).locations(Location.directory(dir))
                .listener(e -> {
                    if (e instanceof ExpandContractPhase p) {
                        phases.add(p);
                    }
                }).build()) {
            m.migrate();
            assertThat(one(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'tags'")).isEqualTo("1");
            ZeroDowntime.on(m).rollback("2");
            assertThat(one(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'tags'")).isEqualTo("0");
            assertThat(one(database, "SELECT count(*) FROM pg_class WHERE relname = 'nicks'")).isEqualTo("0");
            assertThat(one(database, "SELECT count(*) FROM pg_type WHERE typname = 'mood'")).as("the function keeps it").isEqualTo("1");
            assertThat(phases.get(phases.size() - 1).message()).contains("left in place: what 2 statement(s) it ran as written did,"
                    + " having no undo").contains("CREATE FUNCTION calm()").contains("INSERT INTO users (name) VALUES ('seed')")
                    .contains("; and type mood, which other objects need");
            // It can start again once what it left is out of the way.
            database.execute("DROP FUNCTION calm(); DROP TYPE mood");
            m.migrate();
            assertThat(one(database, "SELECT count(*) FROM users WHERE name = 'seed'")).isEqualTo("2");
        }
    }
}
