package dev.migrate.benchmarks;

import dev.migrate.Location;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test class {@link TestkitSetup} runs through the JUnit Platform, as a user's suite would run:
 * {@value #TESTS} tests, each given its own database by {@link MigrateExtension}. The migrations
 * folder and whether the extension clones a template come from system properties that
 * {@link TestkitSetup} sets before each launch; the extension is an instance field so that every
 * launch reads them afresh.
 */
public class TestkitSetupProbe {
    /** Tests per launch. */
    static final int TESTS = 20;
    static final String DIRECTORY = "testkitSetup.directory";
    static final String TEMPLATE = "testkitSetup.template";

    /** What each test saw, in order; cleared by {@link TestkitSetup} before each launch. */
    static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

    /** One test's database: its set-up time and, when cloned, the template's one-time build time. */
    record Seen(Duration setUp, Duration templateBuild, boolean cloned, long tables) {
    }

    @RegisterExtension
    MigrateExtension db = MigrateExtension.migrations(Location.directory(Path.of(System.getProperty(DIRECTORY))))
            .withTemplate(Boolean.parseBoolean(System.getProperty(TEMPLATE)));

    @RepeatedTest(TESTS)
    void gets_a_migrated_database(TestDatabase database) {
        long tables = database.queryForObject("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", Long.class);
        SEEN.add(new Seen(database.setUpTime(), database.templateBuildTime(), database.template().isPresent(), tables));
    }
}
