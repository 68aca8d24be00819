package dev.migrate.benchmarks;

import dev.migrate.benchmarks.TestkitSetupProbe.Seen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * What migrate-testkit costs per test: the same JUnit test class ({@link TestkitSetupProbe},
 * {@value TestkitSetupProbe#TESTS} tests) run through the JUnit Platform on realistic migration
 * sets, once with the extension's template (each test's database is a {@code CREATE DATABASE ...
 * TEMPLATE} copy) and once without (each test's database is created empty and migrated).
 *
 * <p>Reports per set: the template's one-time build, each test's set-up time as the extension
 * measured it ({@code TestDatabase.setUpTime()}), and each test's whole time as JUnit saw it
 * (set-up, the test, dropping the database). Writes Markdown to the first argument (default
 * {@code target/testkit-setup-results.md}). The sets: the example application's migrations
 * ({@code examples/testkit-suite}), 100 generated migrations, and crates.io's 285 migrations
 * when {@code ../shared/corpora} is beside the project.
 */
public final class TestkitSetup {
    private static final long SEED = 20_261_124L;

    private TestkitSetup() {
    }

    /** A migrations folder to measure. */
    private record Set(String name, Path directory, int migrations) {
    }

    /** One launch of the probe class: what the tests saw and how long JUnit took for each. */
    private record Launch(List<Seen> seen, List<Long> wallNanos) {
    }

    public static void main(String[] args) throws Exception {
        Quiet.apply();
        Path output = Path.of(args.length > 0 ? args[0] : "target/testkit-setup-results.md");
        Path work = Files.createTempDirectory("migrate-testkit-setup");
        try {
            List<Set> sets = sets(work);
            // A set of its own for the JVM's warm-up and the server's first databases, so that no
            // measured template build pays for them.
            Path warmUpDirectory = Files.createDirectories(work.resolve("warm-up"));
            Files.writeString(warmUpDirectory.resolve("V1__warm_up.sql"), "CREATE TABLE warm_up (id int PRIMARY KEY);\n");
            Set warmUp = new Set("warm-up", warmUpDirectory, 1);
            launch(warmUp, true);
            launch(warmUp, false);
            StringBuilder md = new StringBuilder();
            md.append("## Per-test database set-up, migrate-testkit\n\n")
                    .append(String.format(Locale.ROOT, "%d tests per set and mode, run through the JUnit Platform with"
                            + " MigrateExtension (PER_TEST isolation, embedded PostgreSQL). Milliseconds, median (min)."
                            + " *Set-up* is TestDatabase.setUpTime(): the template copy, or creating the database and"
                            + " applying every migration. *Whole test* is JUnit's time for the test: set-up, a one-row"
                            + " query, dropping the database.%n%n", TestkitSetupProbe.TESTS))
                    .append("| Set | migrations | template build (once) | set-up, template | set-up, re-applying |"
                            + " re-applying / template | whole test, template | whole test, re-applying |\n")
                    .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (Set set : sets) {
                Launch cloned = launch(set, true);
                Launch migrated = launch(set, false);
                Samples clonedSetUp = setUps(cloned);
                Samples migratedSetUp = setUps(migrated);
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %.1fx | %s | %s |%n", set.name(),
                        set.migrations(), millis(cloned.seen().get(0).templateBuild().toNanos()), timing(clonedSetUp),
                        timing(migratedSetUp), migratedSetUp.medianMillis() / clonedSetUp.medianMillis(),
                        timing(new Samples(cloned.wallNanos())), timing(new Samples(migrated.wallNanos()))));
            }
            String report = md.toString();
            System.out.println(report);
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, report, StandardCharsets.UTF_8);
            Benchmarks.progress("Report written to %s", output.toAbsolutePath());
        } finally {
            Benchmarks.deleteTree(work);
        }
    }

    private static List<Set> sets(Path work) throws Exception {
        List<Set> sets = new ArrayList<>();
        Path library = Path.of("..", "testkit-suite", "src", "main", "resources", "db", "migration");
        sets.add(new Set("example library app (examples/testkit-suite)", library, count(library, "V")));
        MigrationSet generated = MigrationGenerator.generate(work, 100, SEED);
        sets.add(new Set("generated (the benchmark's N = 100 set)", generated.directory(), generated.size()));
        Path crates = Path.of("..", "..", "..", "shared", "corpora", "crates-io");
        if (Files.isDirectory(crates)) {
            sets.add(new Set("crates.io history (../shared/corpora)", crates, count(crates, "")));
        } else {
            Benchmarks.progress("%s is absent; measuring without the crates.io set", crates.toAbsolutePath().normalize());
        }
        return sets;
    }

    /** Migrations in a folder: {@code V*} files, or (with an empty prefix) folders of the Diesel layout. */
    private static int count(Path directory, String filePrefix) throws Exception {
        try (Stream<Path> entries = Files.list(directory)) {
            return (int) entries.filter(p -> filePrefix.isEmpty()
                    ? Files.isDirectory(p) && Files.exists(p.resolve("up.sql"))
                    : p.getFileName().toString().startsWith(filePrefix)).count();
        }
    }

    private static Launch launch(Set set, boolean template) {
        System.setProperty(TestkitSetupProbe.DIRECTORY, set.directory().toAbsolutePath().toString());
        System.setProperty(TestkitSetupProbe.TEMPLATE, String.valueOf(template));
        TestkitSetupProbe.SEEN.clear();
        Map<String, Long> started = new ConcurrentHashMap<>();
        List<Long> wall = new ArrayList<>();
        TestExecutionListener timing = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier test) {
                if (test.isTest()) {
                    started.put(test.getUniqueId(), System.nanoTime());
                }
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                    wall.add(System.nanoTime() - started.get(test.getUniqueId()));
                }
            }
        };
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(TestkitSetupProbe.class))
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, summary, timing);
        if (summary.getSummary().getTotalFailureCount() > 0 || TestkitSetupProbe.SEEN.size() != TestkitSetupProbe.TESTS) {
            summary.getSummary().printFailuresTo(new java.io.PrintWriter(System.err, true), 20);
            throw new IllegalStateException("The probe tests failed on " + set.name() + " (template " + template + ")");
        }
        List<Seen> seen = List.copyOf(TestkitSetupProbe.SEEN);
        for (Seen s : seen) {
            if (s.cloned() != template || s.tables() == 0) {
                throw new IllegalStateException("Expected " + (template ? "cloned" : "migrated") + " databases with tables on "
                        + set.name() + ", got " + s);
            }
        }
        Benchmarks.progress("%s, %s: set-up median %.1f ms", set.name(), template ? "template" : "re-applying",
                setUps(new Launch(seen, wall)).medianMillis());
        return new Launch(seen, wall);
    }

    private static Samples setUps(Launch launch) {
        return new Samples(launch.seen().stream().map(s -> s.setUp().toNanos()).toList());
    }

    private static String timing(Samples samples) {
        return millis(samples.medianMillis() * 1e6) + " (" + millis(samples.minMillis() * 1e6) + ")";
    }

    private static String millis(double nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms >= 100 ? "%.0f" : "%.1f", ms);
    }
}
