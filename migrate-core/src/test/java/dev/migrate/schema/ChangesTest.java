package dev.migrate.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DatabaseSchema#changesTo}, one kind of change at a time: a schema and the same schema
 * with one property changed give exactly the expected change, in its online-safe form, and its
 * SQL, run on a database holding rows, leaves a schema with no difference left from the target.
 */
class ChangesTest {
    private static final String BASE = """
            CREATE TYPE mood AS ENUM ('calm');
            CREATE TABLE teams (id bigint PRIMARY KEY);
            CREATE TABLE users (id bigint PRIMARY KEY, email text, name text NOT NULL, age int, team_id bigint, old_name text);
            CREATE INDEX users_age_idx ON users (age);
            CREATE VIEW adults AS SELECT id, name FROM users WHERE age >= 18;
            INSERT INTO teams VALUES (1);
            INSERT INTO users VALUES (1, 'a@x', 'ada', 30, 1, 'A'), (2, 'b@x', 'bob', 17, 1, 'B');
            """;

    /** A change: {@code after} is run on a copy of the base; {@code action} and {@code sql} are what the one change must say. */
    record Case(String name, String after, String action, String sql, boolean transactional, String hazard, int changes) {
        Case(String name, String after, String action, String sql, boolean transactional, String hazard) {
            this(name, after, action, sql, transactional, hazard, 1);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("add a column", "ALTER TABLE users ADD COLUMN nick text", "add column public.users.nick",
                        "ALTER TABLE \"public\".\"users\" ADD COLUMN \"nick\" text", true, null),
                new Case("add a column with a default", "ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0",
                        "add column public.users.score", "ADD COLUMN \"score\" integer DEFAULT 0 NOT NULL", true, null),
                new Case("drop a column", "DROP VIEW adults; ALTER TABLE users DROP COLUMN team_id;"
                        + " CREATE VIEW adults AS SELECT id, name FROM users WHERE age >= 18", "drop column public.users.team_id",
                        "DROP COLUMN \"team_id\"", true, "its values are lost", 3),
                new Case("change a type", "DROP VIEW adults; ALTER TABLE users ALTER COLUMN age TYPE bigint;"
                        + " CREATE VIEW adults AS SELECT id, name FROM users WHERE age >= 18", "change type to bigint column public.users.age",
                        "ALTER COLUMN \"age\" TYPE bigint", true, "rewrites", 3),
                new Case("set not null", "UPDATE users SET email = 'x' WHERE email IS NULL; ALTER TABLE users ALTER COLUMN email SET NOT NULL",
                        "set not null column public.users.email", "CHECK (\"email\" IS NOT NULL) NOT VALID", false, "NULL"),
                new Case("drop not null", "ALTER TABLE users ALTER COLUMN name DROP NOT NULL", "drop not null column public.users.name",
                        "ALTER COLUMN \"name\" DROP NOT NULL", true, null),
                new Case("set a default", "ALTER TABLE users ALTER COLUMN age SET DEFAULT 18", "set default column public.users.age",
                        "ALTER COLUMN \"age\" SET DEFAULT 18", true, null),
                new Case("add a check", "ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0)",
                        "add check constraint users_age_check on public.users", "CHECK ((age >= 0)) NOT VALID", false, "validation"),
                new Case("add a unique key", "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)",
                        "add unique constraint users_email_key on public.users", "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON public.users USING btree (email)",
                        false, "repeat a key"),
                new Case("add a foreign key", "ALTER TABLE users ADD CONSTRAINT users_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id)",
                        "add foreign key users_team_fkey on public.users", "REFERENCES teams(id) NOT VALID", false, "no match"),
                new Case("add an index", "CREATE INDEX users_name_idx ON users (lower(name))", "create index public.users_name_idx",
                        "CREATE INDEX CONCURRENTLY users_name_idx ON public.users USING btree (lower(name))", false, null),
                new Case("drop an index", "DROP INDEX users_age_idx", "drop index public.users_age_idx",
                        "DROP INDEX CONCURRENTLY \"public\".\"users_age_idx\"", false, null),
                new Case("create a table", "CREATE TABLE tags (id bigint PRIMARY KEY, label text NOT NULL CHECK (label <> ''))",
                        "create table public.tags", "CREATE TABLE \"public\".\"tags\" (\"id\" bigint NOT NULL, \"label\" text NOT NULL,"
                                + " CONSTRAINT \"tags_label_check\" CHECK ((label <> ''::text)), CONSTRAINT \"tags_pkey\" PRIMARY KEY (id))",
                        true, null),
                new Case("drop a table", "DROP TABLE teams", "drop table public.teams", "DROP TABLE \"public\".\"teams\"", true,
                        "rows are lost"),
                new Case("add an enum label", "ALTER TYPE mood ADD VALUE 'busy'", "add label busy enum public.mood",
                        "ALTER TYPE \"public\".\"mood\" ADD VALUE E'busy' AFTER E'calm'", false, null),
                new Case("create an enum", "CREATE TYPE size AS ENUM ('s', 'm')", "create enum public.size",
                        "CREATE TYPE \"public\".\"size\" AS ENUM (E's', E'm')", true, null),
                new Case("create a view", "CREATE VIEW minors AS SELECT id FROM users WHERE age < 18", "create view public.minors",
                        "CREATE VIEW \"public\".\"minors\" AS", true, null),
                new Case("create a sequence", "CREATE SEQUENCE ticket_seq START 100", "create sequence public.ticket_seq",
                        "START WITH 100", true, null));
    }

    private static DatabaseSchema inspect(DataSource ds) {
        try (Migrator m = Migrator.configure().dataSource(ds).build()) {
            return m.inspect();
        }
    }

    private static void run(DataSource ds, List<String> statements) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void one_change_of_one_property_gives_one_change_whose_sql_leaves_no_difference(Case c) throws Exception {
        DataSource from = TestDatabases.newDatabase();
        DataSource to = TestDatabases.newDatabase();
        Sql.execute(from, BASE);
        Sql.execute(to, BASE);
        Sql.execute(to, c.after());

        List<SchemaChange> changes = inspect(from).changesTo(inspect(to));
        // A column that goes or changes type takes the view reading it: dropped first, made again last.
        assertThat(changes).as(SchemaChange.script(changes)).hasSize(c.changes())
                .filteredOn(change -> (change.action() + " " + change.object()).equals(c.action())).singleElement().satisfies(change -> {
                    assertThat(String.join(";\n", change.sql())).contains(c.sql());
                    assertThat(change.transactional()).isEqualTo(c.transactional());
                    if (c.hazard() != null) {
                        assertThat(String.join(" ", change.hazards())).contains(c.hazard());
                    }
                });
        if (c.changes() == 3) {
            assertThat(changes.get(0).action() + " " + changes.get(0).object()).isEqualTo("drop view public.adults");
            assertThat(changes.get(2).action() + " " + changes.get(2).object()).isEqualTo("create view public.adults");
        }
        if (c.after().startsWith("UPDATE")) {
            Sql.execute(from, "UPDATE users SET email = 'x' WHERE email IS NULL");
        }
        for (SchemaChange change : changes) {
            run(from, change.sql());
        }
        assertThat(inspect(from).differences(inspect(to))).isEmpty();
        assertThat(inspect(from).changesTo(inspect(to))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void the_reverse_change_runs_too_and_leaves_no_difference(Case c) throws Exception {
        DataSource from = TestDatabases.newDatabase();
        DataSource to = TestDatabases.newDatabase();
        Sql.execute(from, BASE);
        Sql.execute(from, c.after());
        Sql.execute(to, BASE);
        List<SchemaChange> changes = inspect(from).changesTo(inspect(to));
        if (c.name().equals("add an enum label")) {
            assertThat(changes).singleElement().satisfies(ch -> assertThat(ch.sql()).isEmpty())
                    .satisfies(ch -> assertThat(ch.hazards()).singleElement().asString().contains("cannot drop or move an enum label"));
            return;
        }
        for (SchemaChange change : changes) {
            run(from, change.sql());
        }
        // PostgreSQL adds a column last: a column dropped and added back keeps everything but its place.
        assertThat(inspect(from).differences(inspect(to))).as(SchemaChange.script(changes))
                .allMatch(d -> c.name().equals("drop a column") && d.contains("column order is"));
        assertThat(inspect(from).changesTo(inspect(to))).isEmpty();
    }

    /** Changes of several kinds at once, where the order matters; all of it runs and leaves no difference. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            // a type and a sequence made before the columns that use them (and, back again, dropped after them)
            "CREATE TYPE size AS ENUM ('s'); CREATE SEQUENCE n_seq;"
                    + " ALTER TABLE users ADD COLUMN s size, ADD COLUMN n bigint DEFAULT nextval('n_seq')",
            // a column with an index dropped: the index goes first
            "DROP VIEW adults; ALTER TABLE users DROP COLUMN age; CREATE VIEW adults AS SELECT id, name FROM users",
            // a serial column and table: their sequences made first, owned after
            "CREATE TABLE tags (id serial PRIMARY KEY, label text); ALTER TABLE users ADD COLUMN n bigserial",
            // labels added between and after, and a default using one
            "ALTER TYPE mood ADD VALUE 'busy'; ALTER TYPE mood ADD VALUE 'angry' BEFORE 'calm';"
                    + " ALTER TABLE users ADD COLUMN m mood DEFAULT 'calm'",
            // the primary key a foreign key references made again under another name
            "ALTER TABLE users ADD CONSTRAINT users_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id)",
            // a view over a view over a column whose type changes
            "DROP VIEW adults; CREATE VIEW adults AS SELECT id, name, age FROM users WHERE age >= 18;"
                    + " CREATE VIEW adult_names AS SELECT name FROM adults",
            // a materialized view and its index
            "CREATE MATERIALIZED VIEW team_sizes AS SELECT team_id, count(*) AS n FROM users GROUP BY team_id;"
                    + " CREATE UNIQUE INDEX team_sizes_team ON team_sizes (team_id)"})
    void several_changes_run_in_an_order_that_works(String after) throws Exception {
        DataSource from = TestDatabases.newDatabase();
        DataSource to = TestDatabases.newDatabase();
        Sql.execute(from, BASE);
        Sql.execute(to, BASE);
        Sql.execute(to, after);
        List<SchemaChange> changes = inspect(from).changesTo(inspect(to));
        for (SchemaChange change : changes) {
            run(from, change.sql());
        }
        assertThat(inspect(from).differences(inspect(to))).as(SchemaChange.script(changes)).isEmpty();
        assertThat(inspect(from).changesTo(inspect(to))).isEmpty();

        // and back again
        List<SchemaChange> back = inspect(to).changesTo(inspect(from));
        if (back.stream().allMatch(c -> !c.sql().isEmpty())) {
            for (SchemaChange change : back) {
                run(to, change.sql());
            }
            assertThat(inspect(to).differences(inspect(from))).as(SchemaChange.script(back))
                    .allMatch(d -> d.contains("column order is"));
        }
    }

    @org.junit.jupiter.api.Test
    void a_primary_key_made_again_takes_the_foreign_keys_that_reference_it_and_gives_them_back() throws Exception {
        DataSource from = TestDatabases.newDatabase();
        DataSource to = TestDatabases.newDatabase();
        String keyed = BASE + "ALTER TABLE users ADD CONSTRAINT users_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id);";
        Sql.execute(from, keyed);
        Sql.execute(to, keyed + "ALTER TABLE users DROP CONSTRAINT users_team_fkey; ALTER TABLE teams DROP CONSTRAINT teams_pkey;"
                + " ALTER TABLE teams ADD CONSTRAINT teams_id_pk PRIMARY KEY (id);"
                + " ALTER TABLE users ADD CONSTRAINT users_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id);");
        List<SchemaChange> changes = inspect(from).changesTo(inspect(to));
        assertThat(changes.get(0).action() + " " + changes.get(0).object()).isEqualTo("drop for a while foreign key users_team_fkey"
                + " on public.users");
        for (SchemaChange change : changes) {
            run(from, change.sql());
        }
        assertThat(inspect(from).differences(inspect(to))).as(SchemaChange.script(changes)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void a_drop_and_an_add_that_look_like_a_rename_are_reported_as_a_possible_rename_not_guessed() {
        DataSource from = TestDatabases.newDatabase();
        DataSource to = TestDatabases.newDatabase();
        Sql.execute(from, BASE);
        Sql.execute(to, BASE + "ALTER TABLE users RENAME COLUMN old_name TO nickname; ALTER TABLE teams RENAME TO squads;");
        List<SchemaChange> changes = inspect(from).changesTo(inspect(to));
        assertThat(changes).extracting(ch -> ch.action() + " " + ch.object()).contains("drop column public.users.old_name",
                "add column public.users.nickname", "drop table public.teams", "create table public.squads");
        assertThat(changes).filteredOn(ch -> ch.object().equals("column public.users.old_name")).singleElement()
                .satisfies(ch -> assertThat(ch.hazards()).anyMatch(h -> h.contains("possibly a rename to nickname")));
        assertThat(changes).filteredOn(ch -> ch.object().equals("table public.squads")).singleElement()
                .satisfies(ch -> assertThat(ch.hazards()).anyMatch(h -> h.contains("possibly a rename of public.teams")));
        assertThat(SchemaChange.script(changes)).contains("-- hazard: possibly a rename");
        assertThat(changes).flatExtracting(SchemaChange::sql).noneMatch(statement -> statement.contains("RENAME"));
    }
}
