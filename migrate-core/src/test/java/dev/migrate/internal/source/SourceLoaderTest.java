package dev.migrate.internal.source;

import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.internal.exec.JavaRunner;
import dev.migrate.internal.exec.SqlRunner;
import dev.migrate.internal.sql.Placeholders;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.ErrorCode;
import dev.migrate.Location;
import dev.migrate.MigrationException;
import dev.migrate.ValidationProblem;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLoaderTest {
    @TempDir
    Path dir;

    private final ClassLoader classLoader = getClass().getClassLoader();

    private void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Core's sources over {@code locations}, as a run reads them. */
    static SourceSet read(ClassLoader classLoader, Location... locations) {
        MigratorConfig config = Migrator.configure().dataSource(new PGSimpleDataSource()).classLoader(classLoader)
                .locations(locations).config();
        return new SourceLoader(config, List.of(new SqlRunner(new Placeholders(Map.of())), new JavaRunner())).load();
    }

    private SourceSet load() {
        return read(classLoader, Location.directory(dir));
    }

    @Test
    void reads_flyway_names_in_version_order_with_down_scripts_and_repeatables() throws IOException {
        write("V1_10__later.sql", "SELECT 3;");
        write("V1_9__earlier.sql", "SELECT 2;");
        write("sub/V1__first_one.sql", "SELECT 1;");
        write("U1_9__earlier.sql", "SELECT -2;");
        write("R__views.sql", "SELECT 'v';");
        write("README.md", "not SQL, left alone");
        write("archive.sql/V2__inside_a_folder_named_like_a_script.sql", "SELECT 4;");

        SourceSet set = load();

        assertThat(set.problems()).isEmpty();
        assertThat(set.versioned()).extracting(m -> m.version().toString()).containsExactly("1", "1.9", "1.10", "2");
        assertThat(set.versioned().get(0).description()).isEqualTo("first one");
        assertThat(set.versioned().get(0).script()).isEqualTo("sub/V1__first_one.sql");
        assertThat(set.versioned().get(1).down().path()).isEqualTo("U1_9__earlier.sql");
        assertThat(set.repeatable()).extracting(ResolvedMigration::description).containsExactly("views");
    }

    @Test
    void reads_diesel_and_prisma_folders_in_timestamp_order() throws IOException {
        write("2017-09-23-182408_move tokens/up.sql", "SELECT 2;");
        write("2017-09-23-182408_move tokens/down.sql", "SELECT -2;");
        write("20170708133715_first/up.sql", "SELECT 1;");
        write("20171001000000_prisma/migration.sql", "SELECT 3;");
        write("2018-01-01-000000_concurrent/up.sql", "CREATE INDEX CONCURRENTLY i ON t (a);");
        write("2018-01-01-000000_concurrent/metadata.toml", "run_in_transaction = false\n");

        SourceSet set = load();

        assertThat(set.problems()).isEmpty();
        assertThat(set.versioned()).extracting(ResolvedMigration::script).containsExactly(
                "20170708133715_first/up.sql", "2017-09-23-182408_move tokens/up.sql",
                "20171001000000_prisma/migration.sql", "2018-01-01-000000_concurrent/up.sql");
        assertThat(set.versioned().get(1).description()).isEqualTo("move tokens");
        assertThat(set.versioned().get(1).down()).isNotNull();
        assertThat(set.versioned().get(3).noTransaction()).isTrue();
        assertThat(set.versioned().get(0).noTransaction()).isFalse();
    }

    @Test
    void reports_duplicate_versions_naming_both_files() throws IOException {
        write("V2__from_branch_a.sql", "SELECT 1;");
        write("V2__from_branch_b.sql", "SELECT 2;");

        List<ValidationProblem> problems = load().problems();

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ErrorCode.DUPLICATE_VERSION);
            assertThat(p.toString()).contains("V2__from_branch_a.sql", "V2__from_branch_b.sql");
        });
    }

    @Test
    void reports_names_that_look_like_migrations_but_are_not() throws IOException {
        write("V3_add_column.sql", "SELECT 1;");
        write("Vx__bad.sql", "SELECT 1;");
        write("R1__versioned_repeatable.sql", "SELECT 1;");
        write("add_orders/up.sql", "SELECT 1;");
        write("20240101_only_down/down.sql", "SELECT 1;");

        assertThat(load().problems()).extracting(ValidationProblem::code).containsOnly(ErrorCode.INVALID_NAME).hasSize(5);
    }

    @Test
    void files_that_break_a_naming_rule_or_fit_no_layout_are_problems_naming_file_and_rule() throws IOException {
        write("v2__lower.sql", "SELECT 1;");
        write("V3__upper.SQL", "SELECT 1;");
        write("V4__text.txt", "SELECT 1;");
        write("notes.sql", "not a migration");
        write("20240101_x/UP.sql", "SELECT 1;");

        List<ValidationProblem> problems = load().problems();

        assertThat(problems).extracting(ValidationProblem::script)
                .containsExactlyInAnyOrder("v2__lower.sql", "V3__upper.SQL", "V4__text.txt", "notes.sql", "20240101_x/UP.sql");
        assertThat(problems).extracting(ValidationProblem::code).containsOnly(ErrorCode.INVALID_NAME);
        assertThat(problems).filteredOn(p -> p.script().equals("v2__lower.sql")).singleElement()
                .satisfies(p -> assertThat(p.toString()).contains("lower case", "V2__lower.sql"));
        assertThat(problems).filteredOn(p -> p.script().equals("V3__upper.SQL")).singleElement()
                .satisfies(p -> assertThat(p.toString()).contains(".SQL", "V3__upper.sql"));
        assertThat(load().versioned()).isEmpty();
    }

    @Test
    void a_script_over_the_size_limit_is_a_problem_with_its_size_and_is_not_read() throws IOException {
        Path big = dir.resolve("V1__big.sql");
        try (var out = Files.newOutputStream(big)) {
            byte[] line = "INSERT INTO t VALUES (1);\n".getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written <= ResourceFile.MAX_SIZE; written += line.length) {
                out.write(line);
            }
        }
        write("V2__small.sql", "SELECT 1;");

        SourceSet set = load();

        assertThat(set.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ErrorCode.SCRIPT_TOO_LARGE);
            assertThat(p.script()).isEqualTo("V1__big.sql");
            assertThat(p.message()).contains("16.0 MiB", "16 MiB");
        });
        assertThat(set.versioned()).extracting(ResolvedMigration::script).containsExactly("V2__small.sql");
    }

    @Test
    void a_missing_class_path_location_is_an_error_naming_it() {
        try {
            read(classLoader, Location.classpath("db/not_there"));
        } catch (MigrationException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_UNREADABLE);
            assertThat(e.getMessage()).contains("classpath:db/not_there", "src/main/resources/db/not_there");
            return;
        }
        throw new AssertionError("expected an error");
    }

    @Test
    void a_missing_directory_is_an_error_naming_it() {
        Path missing = dir.resolve("nope");
        try {
            read(classLoader, Location.directory(missing));
        } catch (MigrationException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_UNREADABLE);
            assertThat(e.getMessage()).contains("nope");
            return;
        }
        throw new AssertionError("expected an error");
    }

    @Test
    void reads_classpath_locations_inside_jars() throws IOException {
        Path jar = dir.resolve("migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            // Directory entries as Maven's jar plugin writes them: class loaders find folders by them.
            for (String folder : List.of("db/", "db/migration/", "db/migration/nested/", "db/other/")) {
                out.putNextEntry(new JarEntry(folder));
                out.closeEntry();
            }
            put(out, "db/migration/V1__init.sql", "CREATE TABLE a (id int);");
            put(out, "db/migration/nested/V2__more.sql", "CREATE TABLE b (id int);");
            put(out, "db/other/V9__elsewhere.sql", "SELECT 1;");
        }
        try (URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            SourceSet set = read(cl, Location.classpath("db/migration"));
            assertThat(set.versioned()).extracting(ResolvedMigration::script).containsExactly("V1__init.sql", "nested/V2__more.sql");
            assertThat(new String(set.versioned().get(0).up().content(), StandardCharsets.UTF_8)).isEqualTo("CREATE TABLE a (id int);");
        }
    }

    private static void put(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream stream = out;
        stream.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
