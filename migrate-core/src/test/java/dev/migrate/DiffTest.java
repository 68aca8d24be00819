package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.schema.SchemaChange;
import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrator.diff}: migrations and desired-state files read on shadow databases, which never stay. */
class DiffTest {
    @TempDir
    Path dir;

    private final DataSource db = TestDatabases.newDatabase();

    private Migrator migrator() {
        new MigrationsDir(dir).write("V1__users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n"
                + "CREATE INDEX users_email_idx ON users (email);\n");
        return Migrator.configure().dataSource(db).locations(Location.directory(dir)).build();
    }

    private static String shadows() {
        return Sql.one(TestDatabases.server().getPostgresDatabase(),
                "SELECT count(*) FROM pg_database WHERE datname LIKE 'migrate\\_shadow\\_%'");
    }

    @Test
    void the_migrations_read_on_a_shadow_database_against_nothing_give_what_they_create() {
        try (Migrator m = migrator()) {
            SchemaDiff diff = m.diff(From.empty(), To.migrations());
            assertThat(diff.changes()).extracting(c -> c.action() + " " + c.object())
                    .containsExactly("create table public.users", "create index public.users_email_idx");
            assertThat(diff.toSql()).contains("CREATE TABLE \"public\".\"users\"").contains("CREATE INDEX users_email_idx");
            assertThat(diff.toText()).startsWith("Diff from empty to migrations: 2 changes");
            assertThat(diff.toJson()).contains("\"action\" : \"create\"");
            assertThat(Sql.tableExists(db, "public.users")).as("the database itself is left alone").isFalse();
        }
        assertThat(shadows()).isEqualTo("0");
    }

    @Test
    void changes_made_by_hand_are_what_the_database_has_beyond_its_migrations() {
        try (Migrator m = migrator()) {
            m.migrate();
            assertThat(m.diff(From.migrations(), To.database()).isEmpty()).isTrue();
            Sql.execute(db, "ALTER TABLE users ADD COLUMN nick text; DROP INDEX users_email_idx");
            SchemaDiff drift = m.diff(From.migrations(), To.database());
            assertThat(drift.changes()).extracting(c -> c.action() + " " + c.object())
                    .containsExactlyInAnyOrder("add column public.users.nick", "drop index public.users_email_idx");
        }
        assertThat(shadows()).isEqualTo("0");
    }

    @Test
    void a_function_edited_by_hand_is_reported_with_its_new_definition() {
        new MigrationsDir(dir).write("V2__greet.sql", "CREATE FUNCTION greet(who text) RETURNS text LANGUAGE sql AS $$ SELECT 'hi ' || who $$;\n");
        try (Migrator m = migrator()) {
            m.migrate();
            Sql.execute(db, "CREATE OR REPLACE FUNCTION greet(who text) RETURNS text LANGUAGE sql AS $$ SELECT 'hello ' || who $$");
            SchemaDiff drift = m.diff(From.migrations(), To.database());
            assertThat(drift.changes()).singleElement().satisfies(c -> {
                assertThat(c.action() + " " + c.object()).isEqualTo("replace function public.greet(who text)");
                assertThat(String.join("\n", c.sql())).contains("'hello '");
            });
        }
        assertThat(shadows()).isEqualTo("0");
    }

    @Test
    void a_desired_state_file_gives_the_next_migration_which_leaves_nothing_to_do() throws Exception {
        Path desired = dir.resolveSibling(dir.getFileName() + "-schema.sql");
        Files.writeString(desired, "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, nick text,"
                + " CONSTRAINT users_email_key UNIQUE (email));\nCREATE INDEX users_email_idx ON users (email);\n");
        try (Migrator m = migrator()) {
            m.migrate();
            Sql.execute(db, "INSERT INTO users VALUES (1, 'a@x')");
            SchemaDiff next = m.diff(From.database(), To.sqlFile(desired));
            assertThat(next.changes()).extracting(SchemaChange::action).containsExactly("add", "add");
            Files.writeString(dir.resolve("V2__next.sql"), next.toSql());
            assertThat(next.toSql()).startsWith("-- migrate:no-transaction").contains("CREATE UNIQUE INDEX CONCURRENTLY");
        }
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(dir)).build()) {
            assertThat(m.migrate().applied()).hasSize(1);
            assertThat(m.diff(From.database(), To.sqlFile(desired)).isEmpty()).isTrue();
        }
        assertThat(shadows()).isEqualTo("0");
    }

    @Test
    void a_desired_state_file_that_fails_names_its_line_and_leaves_no_shadow() throws Exception {
        Path desired = dir.resolveSibling(dir.getFileName() + "-bad.sql");
        Files.writeString(desired, "CREATE TABLE users (id bigint PRIMARY KEY);\n\nCREATE INDEX ON missing (x);\n");
        try (Migrator m = migrator()) {
            assertThatThrownBy(() -> m.diff(From.database(), To.sqlFile(desired))).isInstanceOf(DatabaseException.class)
                    .hasMessageContaining(desired + ":3 failed on the shadow database").hasMessageContaining("missing");
        }
        assertThat(shadows()).isEqualTo("0");
    }

    @Test
    void a_role_that_may_not_create_databases_is_told_which_option_to_use() {
        Sql.execute(db, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'no_createdb') THEN"
                + " CREATE ROLE no_createdb LOGIN PASSWORD 's3cret-pw' NOCREATEDB; END IF; END $$");
        String url = TestDatabases.url(db);
        new MigrationsDir(dir).write("V1__t.sql", "CREATE TABLE t (id int);\n");
        try (Migrator m = Migrator.configure().url(url, "no_createdb", "s3cret-pw").locations(Location.directory(dir)).build()) {
            assertThatThrownBy(() -> m.diff(From.empty(), To.migrations())).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("may not create databases").hasMessageContaining("shadowDatabase(url, user, password)")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-pw"));
        }
    }
}
