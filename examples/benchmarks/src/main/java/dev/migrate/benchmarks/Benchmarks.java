package dev.migrate.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Compares migrate, Flyway, Liquibase and plain JDBC on one embedded PostgreSQL: applying 10, 100
 * and 1000 generated migrations to an empty database, a no-op run in a warm JVM, and a no-op run
 * in a new JVM. Prints a Markdown report and writes it to the file named by the first argument
 * (default {@code target/benchmark-results.md}). Settings: see {@link Settings} and the README.
 */
public final class Benchmarks {
    private static final long SEED = 20_261_124L;

    private final Settings settings;
    private final EmbeddedServer server;
    private final List<Contender> contenders;
    private final Results results = new Results();

    private Benchmarks(Settings settings, EmbeddedServer server) {
        this.settings = settings;
        this.server = server;
        this.contenders = settings.contenders().stream().map(Contender::byId).toList();
    }

    public static void main(String[] args) throws Exception {
        Quiet.apply();
        Settings settings = Settings.fromSystemProperties(args);
        Path work = Files.createTempDirectory("migrate-benchmarks");
        String markdown;
        try (EmbeddedServer server = EmbeddedServer.start(settings.countStatements())) {
            progress("PostgreSQL %s started; sizes %s, tools %s", server.version(), settings.sizes(),
                    settings.contenders());
            List<MigrationSet> sets = new ArrayList<>();
            for (int size : settings.sizes()) {
                sets.add(MigrationGenerator.generate(work, size, SEED));
            }
            Benchmarks benchmarks = new Benchmarks(settings, server);
            for (MigrationSet set : sets) {
                benchmarks.run(set);
            }
            markdown = new Report(settings, benchmarks.contenders, sets, benchmarks.results, server.version()).markdown();
        } finally {
            deleteTree(work);
        }
        System.out.println(markdown);
        Path output = settings.output().toAbsolutePath();
        Files.createDirectories(output.getParent());
        Files.writeString(output, markdown, StandardCharsets.UTF_8);
        progress("Report written to %s", output);
    }

    private void run(MigrationSet set) throws Exception {
        int n = set.size();
        for (Contender contender : contenders) {
            untimedRun(set, contender);
        }
        Map<String, List<Long>> timings = new LinkedHashMap<>();
        Map<String, String> migrated = new LinkedHashMap<>();
        int reps = settings.repsFor(n);
        for (int rep = 1; rep <= reps; rep++) {
            for (Contender contender : contenders) {
                String database = server.createDatabase();
                DataSource dataSource = server.dataSource(database);
                long start = System.nanoTime();
                int applied = contender.migrate(dataSource, set.directory());
                long elapsed = System.nanoTime() - start;
                verify(set, contender, database, applied, n);
                timings.computeIfAbsent(contender.id(), k -> new ArrayList<>()).add(elapsed);
                progress("N=%d %-9s apply %d/%d: %.1f ms", n, contender.id(), rep, reps, elapsed / 1e6);
                if (rep == reps) {
                    migrated.put(contender.id(), database);
                } else {
                    server.dropDatabase(database);
                }
            }
        }
        timings.forEach((id, nanos) -> results.apply(n, id, new Samples(nanos)));
        try {
            noop(set, migrated);
            if (n == settings.coldSize() && settings.coldRuns() > 0
                    && contenders.stream().anyMatch(Contender::keepsHistory)) {
                cold(set, migrated);
            }
        } finally {
            for (String database : migrated.values()) {
                server.dropDatabase(database);
            }
        }
    }

    /** Applies the set once, untimed: warms the JVM up and, when enabled, counts the server's statements. */
    private void untimedRun(MigrationSet set, Contender contender) throws Exception {
        String database = server.createDatabase();
        try {
            if (server.counting()) {
                server.countStatementsIn(database);
            }
            int applied = contender.migrate(server.dataSource(database), set.directory());
            if (server.counting()) {
                long statements = server.statementsIn(database);
                results.statements(set.size(), contender.id(), statements);
                progress("N=%d %-9s untimed run: %d statements on the server", set.size(), contender.id(), statements);
            }
            verify(set, contender, database, applied, set.size());
        } finally {
            server.dropDatabase(database);
        }
    }

    /**
     * The no-op runs, interleaved: call i of every contender before call i + 1 of any, so a busy
     * moment of the shared machine (autovacuum on the tables just created, a checkpoint) lands on
     * all of them alike instead of on whichever contender happens to go first. The server is
     * first given the chance to settle after the apply runs.
     */
    private void noop(MigrationSet set, Map<String, String> migrated) throws Exception {
        List<Contender> withHistory = contenders.stream().filter(Contender::keepsHistory).toList();
        if (withHistory.isEmpty()) {
            return;
        }
        server.settle();
        Map<String, List<Long>> nanos = new LinkedHashMap<>();
        for (int i = 0; i < settings.noopWarmup() + settings.noopRuns(); i++) {
            for (Contender contender : withHistory) {
                DataSource dataSource = server.dataSource(migrated.get(contender.id()));
                long start = System.nanoTime();
                int applied = contender.migrate(dataSource, set.directory());
                long elapsed = System.nanoTime() - start;
                if (applied > 0) {
                    throw new IllegalStateException(contender.label() + " applied " + applied + " migrations on a no-op run");
                }
                if (i >= settings.noopWarmup()) {
                    nanos.computeIfAbsent(contender.id(), k -> new ArrayList<>()).add(elapsed);
                }
            }
        }
        for (Contender contender : withHistory) {
            verify(set, contender, migrated.get(contender.id()), -1, 0);
            Samples samples = new Samples(nanos.get(contender.id()));
            results.noop(set.size(), contender.id(), samples);
            progress("N=%d %-9s no-op: median %.1f ms", set.size(), contender.id(), samples.medianMillis());
        }
    }

    private void cold(MigrationSet set, Map<String, String> migrated) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        ids.add(ColdStart.NONE);
        contenders.stream().filter(Contender::keepsHistory).forEach(c -> ids.add(c.id()));
        Map<String, List<Long>> inChild = new LinkedHashMap<>();
        Map<String, List<Long>> wall = new LinkedHashMap<>();
        for (int run = 1; run <= settings.coldRuns(); run++) {
            for (String id : ids) {
                String database = id.equals(ColdStart.NONE) ? "postgres" : migrated.get(id);
                long[] measured = child(id, server.url(database), set.directory());
                inChild.computeIfAbsent(id, k -> new ArrayList<>()).add(measured[0]);
                wall.computeIfAbsent(id, k -> new ArrayList<>()).add(measured[1]);
                progress("N=%d %-9s cold no-op %d/%d: %.1f ms in child, %.1f ms wall", set.size(), id, run,
                        settings.coldRuns(), measured[0] / 1e6, measured[1] / 1e6);
            }
        }
        for (String id : ids) {
            Samples child = id.equals(ColdStart.NONE) ? null : new Samples(inChild.get(id));
            results.cold(id, new Results.Cold(child, new Samples(wall.get(id))));
        }
    }

    /** Runs {@link ColdStart} in a new JVM; returns {nanos inside the child, nanos of the child's whole life}. */
    private static long[] child(String id, String url, Path directory) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ColdStart.class.getName(), id, url, EmbeddedServer.USER, "", directory.toString())
                .redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            output = bytes.toString(StandardCharsets.UTF_8);
        }
        int exit = process.waitFor();
        long wall = System.nanoTime() - start;
        if (exit != 0) {
            throw new IllegalStateException("Child JVM for " + id + " exited with " + exit + ":\n" + output);
        }
        for (String line : output.split("\n")) {
            if (line.startsWith(ColdStart.PREFIX)) {
                return new long[] {Long.parseLong(line.substring(ColdStart.PREFIX.length()).trim()), wall};
            }
        }
        throw new IllegalStateException("Child JVM for " + id + " printed no " + ColdStart.PREFIX + " line:\n" + output);
    }

    /** Checks the tool's own count when it gives one, and that every table and view of the set exists. */
    private void verify(MigrationSet set, Contender contender, String database, int applied, int expected)
            throws SQLException {
        if (applied >= 0 && applied != expected) {
            throw new IllegalStateException(contender.label() + " applied " + applied + " migrations, expected " + expected);
        }
        long tables = server.queryLong(database, "SELECT count(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace"
                + " WHERE s.nspname = 'public' AND c.relkind = 'r' AND c.relname ~ '^t[0-9]+_'");
        long views = server.queryLong(database, "SELECT count(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace"
                + " WHERE s.nspname = 'public' AND c.relkind = 'v' AND c.relname ~ '^v[0-9]+_'");
        if (tables != set.tables() || views != set.views()) {
            throw new IllegalStateException(contender.label() + " left " + tables + " tables and " + views
                    + " views, expected " + set.tables() + " and " + set.views());
        }
    }

    static void progress(String format, Object... args) {
        System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
