package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResetTest {
    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();

    private MigrationsDir dir() {
        return new MigrationsDir(tmp.resolve("migrations"));
    }

    private MigratorBuilder configure() {
        return Migrator.configure().dataSource(db).locations(Location.directory(tmp.resolve("migrations")));
    }

    @Test
    void reset_is_refused_unless_allowed_and_says_how() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator m = configure().build()) {
            m.migrate();

            assertThatThrownBy(m::reset).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("allowReset(true)");
            assertThat(Sql.tableExists(db, "public.t")).isTrue();
        }
    }

    @Test
    void reset_drops_every_managed_schema_migrates_again_and_runs_the_seed_script_then_the_seeder() {
        dir().write("V1__customers.sql", "CREATE TABLE customers (id int PRIMARY KEY, name text);\n"
                        + "CREATE TABLE audit.log (id int);")
                .write("V2__orders.sql", "CREATE TABLE orders (id int, customer int REFERENCES customers);");
        new MigrationsDir(tmp).write("seed.sql", "INSERT INTO customers VALUES (1, '${first}');\nINSERT INTO log VALUES (7);");
        try (Migrator m = configure().schemas("app", "audit").allowReset(true).placeholder("first", "Ada")
                .seedScript("filesystem:" + tmp.resolve("seed.sql"))
                .seeder(c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("INSERT INTO customers VALUES (2, 'Grace')");
                    }
                }).build()) {
            m.migrate();
            Sql.execute(db, "INSERT INTO app.customers VALUES (99, 'stale'); CREATE TABLE app.hand_made (id int);"
                    + " CREATE TABLE audit.extra (id int)");

            ResetResult result = m.reset();

            assertThat(result.droppedSchemas()).containsExactly("app", "audit");
            assertThat(result.migrated().count()).isEqualTo(2);
            assertThat(result.seeded()).isTrue();
            assertThat(Sql.column(db, "SELECT name FROM app.customers ORDER BY id")).containsExactly("Ada", "Grace");
            assertThat(Sql.column(db, "SELECT id::text FROM audit.log")).containsExactly("7");
            assertThat(Sql.tableExists(db, "app.hand_made")).isFalse();
            assertThat(Sql.tableExists(db, "audit.extra")).isFalse();
            assertThat(Sql.one(db, "SELECT count(*) FROM app.migrate_history")).isEqualTo("2");
        }
    }

    @Test
    void skip_seed_leaves_the_migrated_schema_empty() {
        dir().write("V1__customers.sql", "CREATE TABLE customers (id int);");
        try (Migrator m = configure().allowReset(true).seeder(c -> {
            throw new AssertionError("the seeder must not run");
        }).build()) {
            m.migrate();
            Sql.execute(db, "INSERT INTO customers VALUES (1)");

            ResetResult result = m.reset(Reset.force().skipSeed());

            assertThat(result.seeded()).isFalse();
            assertThat(Sql.one(db, "SELECT count(*) FROM customers")).isEqualTo("0");
        }
    }

    @Test
    void reset_keeps_the_schema_owner_and_grants() {
        Sql.execute(db, "CREATE SCHEMA app; GRANT USAGE ON SCHEMA app TO PUBLIC");
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator m = configure().schema("app").allowReset(true).build()) {
            m.migrate();
            String before = Sql.one(db, "SELECT nspowner::regrole || ' ' || nspacl::text FROM pg_namespace WHERE nspname = 'app'");

            m.reset();

            assertThat(Sql.one(db, "SELECT nspowner::regrole || ' ' || nspacl::text FROM pg_namespace WHERE nspname = 'app'"))
                    .isEqualTo(before).contains("=U/");
        }
    }

    @Test
    void a_broken_seed_script_is_reported_before_anything_is_dropped() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        new MigrationsDir(tmp).write("seed.sql", "INSERT INTO t VALUES (${missing});");
        try (Migrator m = configure().allowReset(true).seedScript("filesystem:" + tmp.resolve("seed.sql")).build()) {
            m.migrate();
            Sql.execute(db, "INSERT INTO t VALUES (5)");

            assertThatThrownBy(m::reset).isInstanceOf(InvalidMigrationException.class)
                    .hasMessageContaining("seed.sql").hasMessageContaining("missing");
            assertThat(Sql.one(db, "SELECT count(*) FROM t")).isEqualTo("1");
        }
    }

    @Test
    void a_seed_script_is_read_as_sql_whatever_its_file_is_called() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        new MigrationsDir(tmp).write("seed.pgsql", "INSERT INTO t VALUES (7);");
        try (Migrator m = configure().allowReset(true).seedScript("filesystem:" + tmp.resolve("seed.pgsql")).build()) {
            m.reset();
        }
        assertThat(Sql.one(db, "SELECT id FROM t")).isEqualTo("7");
    }

    @Test
    void extra_managed_schemas_are_created_and_on_the_search_path() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);\nCREATE TABLE reporting.r (id int);\nCREATE VIEW v AS SELECT * FROM r;");
        try (Migrator m = configure().schemas("app", "reporting").build()) {
            m.migrate();

            assertThat(Sql.tableExists(db, "app.t")).isTrue();
            assertThat(Sql.tableExists(db, "reporting.r")).isTrue();
            assertThat(Sql.tableExists(db, "app.migrate_history")).isTrue();
            assertThat(m.inspect().tables()).extracting(t -> t.qualifiedName()).containsExactly("app.t", "reporting.r");
        }
    }
}
