package dev.migrate.zerodowntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.Location;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of operation, one at a time, on the same small schema: while it is expanded the old
 * version (the tables of {@code public}) writes and the new one (the views of {@code public_v2})
 * reads what it wrote, and the reverse; a write either version may not make is refused for both.
 * Then it completes; or, on another database, it rolls back and leaves the schema as it found it.
 */
class EachOperationTest {
    private static final String V1 = """
            CREATE TABLE teams (id bigint PRIMARY KEY);
            CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, email text, age int, score int, team_id bigint);
            CREATE TABLE scratch (id int PRIMARY KEY);
            CREATE INDEX users_age_idx ON users (age);
            INSERT INTO teams VALUES (1);
            INSERT INTO users VALUES (1, 'ada', 'a@x', 30, 7, 1);
            """;
    private static final String OLD_BOB = "INSERT INTO users (id, name, email, age, score, team_id) VALUES (2, 'Bob', 'b@x', 40, 8, 1)";

    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @TempDir
    Path dir;

    /**
     * One operation's check.
     *
     * @param oldWrite  a write of the old version, then {@code newRead} through the new one, which gives {@code newSees}
     * @param newWrite  a write of the new version, then {@code oldRead} through the old one, which gives {@code oldSees}
     * @param refused   writes that each version must be refused (old first, then new), with {@code because} in the error
     * @param completed a query after complete, which gives {@code completedSees}
     */
    record Case(String name, ExpandContract migration, String oldWrite, String newRead, String newSees, String newWrite,
                String oldRead, String oldSees, List<String> refused, String because, String completed, String completedSees) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static ExpandContract op() {
        return ExpandContract.migration("2", "one operation");
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("create table", op().createTable("tags", List.of(Operation.Column.of("id", "bigint"),
                        Operation.Column.of("label", "text").notNull()), List.of("id")),
                        OLD_BOB, "SELECT name FROM public_v2.users WHERE id = 2", "Bob",
                        "INSERT INTO public_v2.tags VALUES (1, 't')", "SELECT label FROM tags", "t",
                        List.of("INSERT INTO tags VALUES (2, NULL)", "INSERT INTO public_v2.tags VALUES (3, NULL)"), "label",
                        "SELECT count(*) FROM public.tags", "1"),
                new Case("drop table", op().dropTable("scratch"),
                        "INSERT INTO scratch VALUES (1)", "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public_v2'"
                                + " AND table_name = 'scratch'", "0",
                        "INSERT INTO public_v2.users (id, name) VALUES (3, 'cy')", "SELECT count(*) FROM scratch", "1",
                        List.of(), null, "SELECT count(*) FROM pg_tables WHERE tablename = 'scratch'", "0"),
                new Case("rename table", op().renameTable("users", "people"),
                        OLD_BOB, "SELECT name FROM public_v2.people WHERE id = 2", "Bob",
                        "INSERT INTO public_v2.people (id, name) VALUES (3, 'cy')", "SELECT name FROM users WHERE id = 3", "cy",
                        List.of(), null, "SELECT string_agg(name, ',' ORDER BY id) FROM public.people", "ada,Bob,cy"),
                new Case("add column", op().addColumn("users", Operation.Column.of("nick", "text").notNull().withDefault("'none'"),
                        "lower(name)"),
                        OLD_BOB, "SELECT nick FROM public_v2.users WHERE id = 2", "bob",
                        "INSERT INTO public_v2.users (id, name, nick) VALUES (3, 'cy', 'c')", "SELECT name FROM users WHERE id = 3", "cy",
                        List.of(), null, "SELECT string_agg(nick, ',' ORDER BY id) || ' ' || (SELECT is_nullable FROM"
                                + " information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' AND column_name = 'nick') FROM users",
                        "ada,bob,c NO"),
                new Case("drop column", op().dropColumn("users", "age", "0"),
                        OLD_BOB, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public_v2'"
                                + " AND table_name = 'users' AND column_name = 'age'", "0",
                        "INSERT INTO public_v2.users (id, name) VALUES (3, 'cy')", "SELECT age FROM users WHERE id = 3", "0",
                        List.of(), null, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users'"
                                + " AND column_name = 'age'", "0"),
                new Case("rename column", op().renameColumn("users", "name", "full_name"),
                        OLD_BOB, "SELECT full_name FROM public_v2.users WHERE id = 2", "Bob",
                        "INSERT INTO public_v2.users (id, full_name) VALUES (3, 'cy')", "SELECT name FROM users WHERE id = 3", "cy",
                        List.of(), null, "SELECT string_agg(full_name, ',' ORDER BY id) FROM users", "ada,Bob,cy"),
                new Case("change type", op().changeType("users", "score", "bigint", "score::bigint * 10", "(score / 10)::int"),
                        OLD_BOB, "SELECT pg_typeof(score)::text || ' ' || score FROM public_v2.users WHERE id = 2", "bigint 80",
                        "INSERT INTO public_v2.users (id, name, score) VALUES (3, 'cy', 90)",
                        "SELECT pg_typeof(score)::text || ' ' || score FROM users WHERE id = 3", "integer 9",
                        List.of(), null, "SELECT data_type || ' ' || (SELECT string_agg(score::text, ',' ORDER BY id) FROM users)"
                                + " FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' AND column_name = 'score'",
                        "bigint 70,80,90"),
                new Case("set not null", op().setNotNull("users", "email", "'none'"),
                        "INSERT INTO users (id, name) VALUES (2, 'Bob')", "SELECT email FROM public_v2.users WHERE id = 2", "none",
                        "INSERT INTO public_v2.users (id, name, email) VALUES (3, 'cy', 'c@x')", "SELECT email FROM users WHERE id = 3",
                        "c@x", List.of(), null, "SELECT is_nullable || ' ' || (SELECT string_agg(email, ',' ORDER BY id) FROM users)"
                                + " FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' AND column_name = 'email'",
                        "NO a@x,none,c@x"),
                new Case("drop not null", op().dropNotNull("users", "name"),
                        OLD_BOB, "SELECT name FROM public_v2.users WHERE id = 2", "Bob",
                        "INSERT INTO public_v2.users (id, name) VALUES (3, NULL)", "SELECT coalesce(name, '(null)') FROM users WHERE id = 3",
                        "(null)", List.of(), null, "SELECT is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users'"
                                + " AND column_name = 'name'", "YES"),
                new Case("add check", op().addCheck("users", "users_adult", "age >= 18"),
                        OLD_BOB, "SELECT age FROM public_v2.users WHERE id = 2", "40",
                        "INSERT INTO public_v2.users (id, name, age) VALUES (3, 'cy', 50)", "SELECT age FROM users WHERE id = 3", "50",
                        List.of("INSERT INTO users (id, name, age) VALUES (4, 'kid', 5)",
                                "INSERT INTO public_v2.users (id, name, age) VALUES (5, 'kid', 5)"), "users_adult",
                        "SELECT convalidated::text FROM pg_constraint WHERE conname = 'users_adult'", "true"),
                new Case("add unique", op().addUnique("users", "users_email_key", List.of("email")),
                        OLD_BOB, "SELECT email FROM public_v2.users WHERE id = 2", "b@x",
                        "INSERT INTO public_v2.users (id, name, email) VALUES (3, 'cy', 'c@x')", "SELECT email FROM users WHERE id = 3",
                        "c@x", List.of("INSERT INTO users (id, name, email) VALUES (4, 'd', 'c@x')",
                                "INSERT INTO public_v2.users (id, name, email) VALUES (5, 'e', 'b@x')"), "users_email_key",
                        "SELECT contype::text FROM pg_constraint WHERE conname = 'users_email_key'", "u"),
                new Case("add foreign key", op().addForeignKey("users", "users_team_fkey", List.of("team_id"), "teams", List.of("id"),
                        null),
                        OLD_BOB, "SELECT team_id FROM public_v2.users WHERE id = 2", "1",
                        "INSERT INTO public_v2.users (id, name, team_id) VALUES (3, 'cy', 1)", "SELECT team_id FROM users WHERE id = 3",
                        "1", List.of("INSERT INTO users (id, name, team_id) VALUES (4, 'd', 9)",
                                "INSERT INTO public_v2.users (id, name, team_id) VALUES (5, 'e', 9)"), "users_team_fkey",
                        "SELECT convalidated::text FROM pg_constraint WHERE conname = 'users_team_fkey'", "true"),
                new Case("create index", op().createIndex("users", "users_name_idx", List.of("name"), false),
                        OLD_BOB, "SELECT name FROM public_v2.users WHERE id = 2", "Bob",
                        "INSERT INTO public_v2.users (id, name) VALUES (3, 'cy')", "SELECT name FROM users WHERE id = 3", "cy",
                        List.of(), null, "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'users_name_idx'::regclass", "true"),
                new Case("drop index", op().dropIndex("users", "users_age_idx"),
                        OLD_BOB, "SELECT age FROM public_v2.users WHERE id = 2", "40",
                        "INSERT INTO public_v2.users (id, name, age) VALUES (3, 'cy', 50)", "SELECT age FROM users WHERE id = 3", "50",
                        List.of(), null, "SELECT count(*) FROM pg_class WHERE relname = 'users_age_idx'", "0"),
                new Case("raw sql", op().sql("CREATE TYPE mood AS ENUM ('calm', 'busy')", "DROP TYPE mood"),
                        OLD_BOB, "SELECT 'busy'::mood::text || (SELECT count(*) FROM public_v2.users)", "busy2",
                        "INSERT INTO public_v2.users (id, name) VALUES (3, 'cy')", "SELECT name FROM users WHERE id = 3", "cy",
                        List.of(), null, "SELECT count(*) FROM pg_type WHERE typname = 'mood'", "1"));
    }

    private Migrator migrator(TestDatabase database, ExpandContract migration, String target) throws Exception {
        Files.writeString(dir.resolve("V1__base.sql"), V1);
        var builder = Migrator.configure().dataSource(database.dataSource()).locations(Location.directory(dir))
                .source(ZeroDowntime.source(migration));
        return (target == null ? builder : builder.target(target)).build();
    }

    private static String one(TestDatabase database, String sql) {
        Object value = database.queryForList(sql).get(0).values().iterator().next();
        return value == null ? null : value.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void old_and_new_versions_read_each_other_s_writes_while_expanded_then_it_completes(Case c, TestDatabase database)
            throws Exception {
        try (Migrator m = migrator(database, c.migration(), null)) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            assertThat(zd.status()).singleElement().extracting(InFlight::phase).isEqualTo(InFlight.Phase.EXPANDED);

            database.execute(c.oldWrite());
            assertThat(one(database, c.newRead())).as("the new version reads the old one's write").isEqualTo(c.newSees());
            database.execute(c.newWrite());
            assertThat(one(database, c.oldRead())).as("the old version reads the new one's write").isEqualTo(c.oldSees());
            for (String refused : c.refused()) {
                assertThatThrownBy(() -> database.execute(refused)).as(refused).hasMessageContaining(c.because());
            }

            zd.complete("2");
            assertThat(zd.status()).singleElement().extracting(InFlight::phase).isEqualTo(InFlight.Phase.COMPLETED);
            assertThat(one(database, c.completed())).as("after complete").isEqualTo(c.completedSees());
            assertThat(one(database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'public_v2'")).isEqualTo("1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void a_rollback_after_the_old_version_wrote_leaves_the_schema_as_it_found_it(Case c, TestDatabase database) throws Exception {
        String before;
        try (Migrator m = migrator(database, c.migration(), "1")) {
            m.migrate();
            before = trace(database, m);
        }
        try (Migrator m = migrator(database, c.migration(), null)) {
            ZeroDowntime zd = ZeroDowntime.on(m);
            zd.start();
            database.execute(c.oldWrite());
            zd.rollback("2");
            assertThat(m.status().migrations()).extracting(i -> i.state()).containsExactly(MigrationState.APPLIED, MigrationState.PENDING);
            assertThat(zd.status()).isEmpty();
            assertThat(trace(database, m)).isEqualTo(before);
        }
    }

    /** The managed schema, the schemas there are, the module's state rows, functions and triggers. */
    private static String trace(TestDatabase database, Migrator m) {
        return m.inspect().render()
                + "\nschemas: " + one(database, "SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace"
                + " WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'")
                + "\nfunctions: " + one(database, "SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace")
                + "\ntriggers: " + one(database, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal")
                + "\nstate: " + one(database, "SELECT CASE WHEN to_regclass('migrate_zero_downtime.migrations') IS NULL THEN 'none'"
                + " ELSE query_to_xml('SELECT count(*) FROM migrate_zero_downtime.migrations', false, true, '')::text END");
    }
}
