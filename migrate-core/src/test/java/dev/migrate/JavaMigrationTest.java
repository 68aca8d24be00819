package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaMigrationTest {
    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();

    /** Fills a column computed in Java: what SQL cannot say well. */
    public static final class V2_BackfillSlugs implements JavaMigration {
        public V2_BackfillSlugs() {
        }

        @Override
        public Version version() {
            return Version.parse("2");
        }

        @Override
        public String description() {
            return "backfill slugs";
        }

        @Override
        public void migrate(Connection c) throws SQLException {
            try (Statement st = c.createStatement();
                 PreparedStatement update = c.prepareStatement("UPDATE products SET slug = ? WHERE id = ?");
                 var rs = st.executeQuery("SELECT id, name FROM products")) {
                while (rs.next()) {
                    update.setString(1, rs.getString(2).toLowerCase().replace(' ', '-'));
                    update.setInt(2, rs.getInt(1));
                    update.executeUpdate();
                }
            }
        }
    }

    private MigrationsDir dir() {
        return new MigrationsDir(tmp);
    }

    @Test
    void a_java_migration_runs_in_version_order_between_sql_files_and_is_recorded() {
        dir().write("V1__products.sql", "CREATE TABLE products (id int PRIMARY KEY, name text, slug text);\n"
                        + "INSERT INTO products VALUES (1, 'Blue Chair', NULL);")
                .write("V3__slug_not_null.sql", "ALTER TABLE products ALTER COLUMN slug SET NOT NULL;");
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp))
                .javaMigrations(new V2_BackfillSlugs()).build()) {
            MigrateResult result = m.migrate();

            assertThat(result.applied()).extracting(MigrateResult.Applied::script).containsExactly("V1__products.sql",
                    V2_BackfillSlugs.class.getName(), "V3__slug_not_null.sql");
            assertThat(Sql.one(db, "SELECT slug FROM products")).isEqualTo("blue-chair");
            assertThat(Sql.one(db, "SELECT state || ' ' || description FROM public.migrate_history WHERE version = '2'"))
                    .isEqualTo("APPLIED backfill slugs");
            assertThat(m.migrate().applied()).as("second run").isEmpty();
            assertThat(m.status().isValid()).isTrue();
        }
    }

    @Test
    void a_java_migration_takes_the_u_file_of_its_version_as_its_down_script() {
        dir().write("V1__products.sql", "CREATE TABLE products (id int PRIMARY KEY, name text, slug text);\n"
                        + "INSERT INTO products VALUES (1, 'Blue Chair', NULL);")
                .write("U2__clear_slugs.sql", "UPDATE products SET slug = NULL;");
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp))
                .javaMigrations(new V2_BackfillSlugs()).build()) {
            assertThat(m.migrate().applied()).hasSize(2);
            assertThat(Sql.one(db, "SELECT slug FROM products")).isEqualTo("blue-chair");

            assertThat(m.rollback().last().reverted()).extracting(r -> r.version().toString()).containsExactly("2");
            assertThat(Sql.one(db, "SELECT coalesce(slug, 'none') FROM products")).isEqualTo("none");
        }
    }

    @Test
    void a_transactional_java_migration_that_meets_a_lock_timeout_is_not_run_again() throws Exception {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        JavaMigration alter = new JavaMigration() {
            @Override
            public Version version() {
                return Version.parse("2");
            }

            @Override
            public String description() {
                return "calls a service, then alters";
            }

            @Override
            public void migrate(Connection c) throws SQLException {
                runs.incrementAndGet(); // stands for work outside the database, which a rollback does not undo
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE t ADD COLUMN note text");
                }
            }
        };
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).build()) {
            m.migrate();
        }
        try (Connection blocker = db.getConnection(); Statement st = blocker.createStatement();
             Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).javaMigrations(alter)
                     .lockTimeout(java.time.Duration.ofMillis(100)).build()) {
            blocker.setAutoCommit(false);
            st.execute("LOCK TABLE t IN ACCESS SHARE MODE");
            assertThatThrownBy(m::migrate).isInstanceOf(MigrationFailedException.class).hasMessageContaining("lock timeout");
            blocker.rollback();
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void a_failing_transactional_java_migration_leaves_nothing_behind() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        JavaMigration failing = new JavaMigration() {
            @Override
            public Version version() {
                return Version.parse("2");
            }

            @Override
            public String description() {
                return "half done";
            }

            @Override
            public void migrate(Connection c) throws SQLException {
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO t VALUES (1)");
                }
                throw new IllegalStateException("remote service unavailable");
            }
        };
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).javaMigrations(failing).build()) {
            assertThatThrownBy(m::migrate).isInstanceOf(MigrationFailedException.class)
                    .hasMessageContaining("Java migration").hasMessageContaining("remote service unavailable")
                    .hasMessageContaining("rolled back");

            assertThat(Sql.one(db, "SELECT count(*) FROM t")).isEqualTo("0");
            assertThat(Sql.column(db, "SELECT version || ':' || state FROM public.migrate_history ORDER BY installed_rank"))
                    .containsExactly("1:APPLIED", "2:ABORTED");
            assertThat(m.status().migrations()).filteredOn(i -> i.version().equals(Version.parse("2"))).singleElement()
                    .satisfies(i -> {
                        assertThat(i.state()).isEqualTo(MigrationState.PENDING);
                        assertThat(i.lastFailure().error()).contains("remote service unavailable");
                    });
        }
    }

    @Test
    void a_java_migration_with_the_version_of_a_sql_file_is_a_duplicate() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);").write("V2__also_two.sql", "SELECT 1;");
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp))
                .javaMigrations(new V2_BackfillSlugs()).build()) {
            assertThatThrownBy(m::migrate).isInstanceOf(ValidationException.class)
                    .satisfies(e -> assertThat(((ValidationException) e).problems()).singleElement().satisfies(p -> {
                        assertThat(p.code()).isEqualTo(ErrorCode.DUPLICATE_VERSION);
                        // Reported on the Java class, beside the file it collides with.
                        assertThat(p.script()).isEqualTo(V2_BackfillSlugs.class.getName());
                        assertThat(p.message()).contains("V2__also_two.sql");
                    }));
            assertThat(Sql.tableExists(db, "public.t")).isFalse();
        }
    }

    @Test
    void java_migrations_listed_as_services_are_discovered_on_the_class_path() throws Exception {
        Path services = tmp.resolve("cp/META-INF/services");
        java.nio.file.Files.createDirectories(services);
        java.nio.file.Files.writeString(services.resolve(JavaMigration.class.getName()), V2_BackfillSlugs.class.getName() + "\n");
        dir().write("sql/V1__products.sql", "CREATE TABLE products (id int PRIMARY KEY, name text, slug text);\n"
                + "INSERT INTO products VALUES (1, 'Red Lamp', NULL);");
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {tmp.resolve("cp").toUri().toURL()},
                getClass().getClassLoader());
             Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp.resolve("sql")))
                     .classLoader(loader).build()) {
            assertThat(m.migrate().count()).isEqualTo(2);
            assertThat(Sql.one(db, "SELECT slug FROM products")).isEqualTo("red-lamp");
        }
    }
}
