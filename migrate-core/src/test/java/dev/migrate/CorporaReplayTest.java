package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.migrate.testing.CatalogSnapshot;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays two real projects' migration histories (see ../shared/corpora/README.md) with the engine
 * and, independently, by sending each file whole to the server over plain JDBC, and compares the
 * two resulting schemas. Skipped when the corpora are not beside the project (a user's clone).
 */
class CorporaReplayTest {
    private static final String DIESEL_TABLE = "CREATE TABLE __diesel_schema_migrations"
            + " (version varchar(50) PRIMARY KEY, run_on timestamp NOT NULL DEFAULT now())";

    private static Path corpus(String name) {
        return dev.migrate.testing.Corpora.path(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"crates-io", "lemmy"})
    void the_engine_builds_the_same_schema_as_a_plain_replay(String name) throws Exception {
        Path corpus = corpus(name);
        assumeTrue(corpus != null, "../shared/corpora/" + name + " is not present (it ships beside the project, not in it); skipping");

        DataSource viaEngine = TestDatabases.newDatabase();
        DataSource viaJdbc = TestDatabases.newDatabase();
        Sql.execute(viaEngine, DIESEL_TABLE);
        Sql.execute(viaJdbc, DIESEL_TABLE);

        MigrateResult result;
        try (Migrator m = Migrator.configure().dataSource(viaEngine).locations(Location.directory(corpus)).build()) {
            result = m.migrate();
            assertThat(m.status().pending()).isEmpty();
        }
        List<Path> folders = plainReplay(corpus, viaJdbc);

        assertThat(result.count()).isEqualTo(folders.size());
        assertThat(result.applied()).extracting(MigrateResult.Applied::script)
                .containsExactlyElementsOf(folders.stream().map(f -> f.getFileName() + "/up.sql").toList());
        List<String> engine = CatalogSnapshot.of(viaEngine);
        assertThat(engine).hasSizeGreaterThan(100);
        assertThat(engine).containsExactlyElementsOf(CatalogSnapshot.of(viaJdbc));
    }

    /**
     * Applies each up.sql as one simple-protocol query, so the server itself splits the file (an
     * implicit transaction per file), in the order the corpora README gives: versions compared as
     * strings after removing dashes.
     */
    private static List<Path> plainReplay(Path corpus, DataSource target) throws IOException, SQLException {
        List<Path> folders;
        try (Stream<Path> list = Files.list(corpus)) {
            folders = list.filter(p -> Files.isRegularFile(p.resolve("up.sql")))
                    .sorted(Comparator.comparing(CorporaReplayTest::versionString))
                    .toList();
        }
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("preferQueryMode", "simple");
        try (Connection c = DriverManager.getConnection(TestDatabases.url(target), props); Statement st = c.createStatement()) {
            for (Path folder : folders) {
                String sql = Files.readString(folder.resolve("up.sql"), StandardCharsets.UTF_8);
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    throw new AssertionError("plain replay failed at " + folder.getFileName() + ": " + e.getMessage(), e);
                }
            }
        }
        return folders;
    }

    private static String versionString(Path folder) {
        String name = folder.getFileName().toString();
        return name.substring(0, name.indexOf('_')).replace("-", "");
    }
}
