package dev.migrate.examples.analysis;

import dev.migrate.Location;
import dev.migrate.Migrator;
import dev.migrate.Plan;
import dev.migrate.Version;
import dev.migrate.analysis.AnalysisReport;
import dev.migrate.analysis.Analyzer;
import dev.migrate.analysis.Rehearsal;
import dev.migrate.analysis.ShadowDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Analyses a folder of migrations ({@code V<version>__<name>.sql}, in version order), each as if
 * the earlier ones were applied, and prints the report: findings with their fixes, scores, and
 * each statement's lock. With {@code --strict} it exits with 1 when a finding is HIGH or worse, for CI.
 * With {@code --rehearse} it also runs the migrations, in order, on a shadow copy of a database on an
 * embedded PostgreSQL and prints what each statement really locked and rewrote beside the prediction.
 *
 * <pre>
 * AnalyseFolder [folder] [--pg 17] [--json | --sarif] [--strict] [--rehearse]
 * </pre>
 *
 * Without a folder it analyses the sample migrations in {@code src/main/resources/db/migration}.
 * A folder of your own: {@code -Dexec.args="/path/to/migrations --pg 16"}.
 * Run it with {@code ./mvnw -q -Danalysis -pl examples/analysis -am verify} (see the README).
 */
public final class AnalyseFolder {
    private static final Pattern VERSIONED = Pattern.compile("V([^_]+)__.+\\.sql");

    private AnalyseFolder() {
    }

    public static void main(String[] args) throws IOException {
        int code = run(args, System.out);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs with these arguments, printing to {@code out}; returns the exit code: 1 with --strict when a finding is HIGH or worse. */
    static int run(String[] args, PrintStream out) throws IOException {
        Path folder = samples();
        int pg = 17;
        String format = "text";
        boolean strict = false;
        boolean rehearse = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pg" -> pg = Integer.parseInt(args[++i]);
                case "--json" -> format = "json";
                case "--sarif" -> format = "sarif";
                case "--strict" -> strict = true;
                case "--rehearse" -> rehearse = true;
                default -> folder = Path.of(args[i]);
            }
        }
        List<String> namesAndTexts = new ArrayList<>();
        for (Path file : migrations(folder)) {
            namesAndTexts.add(folder.relativize(file).toString());
            namesAndTexts.add(Files.readString(file, StandardCharsets.UTF_8));
        }
        // Each file on its own, as it will meet a database that already has the earlier ones.
        AnalysisReport report = Analyzer.forServer(pg).analyzeEach(namesAndTexts);
        out.println(switch (format) {
            case "json" -> report.toJson();
            case "sarif" -> report.toSarif();
            default -> report.toText();
        });
        if (rehearse) {
            out.print(rehearse(folder));
        }
        return strict && !report.findingsAbove(dev.migrate.Severity.MEDIUM).isEmpty() ? 1 : 0;
    }

    /**
     * Plans the folder against an empty database on an embedded PostgreSQL, then rehearses the plan
     * on a {@link ShadowDatabase} copy of it: the way to rehearse against a development database is
     * the same, with its URL instead of the embedded one.
     */
    static String rehearse(Path folder) throws IOException {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE app");
            }
            String url = postgres.getJdbcUrl("postgres", "app");
            Plan plan;
            try (Migrator migrator = Migrator.configure().url(url, "postgres", "").locations(Location.directory(folder)).build()) {
                plan = migrator.plan();
            }
            try (ShadowDatabase shadow = ShadowDatabase.copyOf(url, "postgres", "");
                 Connection c = shadow.dataSource().getConnection()) {
                return "\nRehearsal on " + shadow.name() + " (PostgreSQL " + c.getMetaData().getDatabaseProductVersion() + "):\n"
                        + Rehearsal.toText(Rehearsal.on(c).compareAndApply(plan));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Rehearsal failed: " + e.getMessage(), e);
        }
    }

    /** The sample migrations shipped with this example, from the class path (a directory when run from the build). */
    private static Path samples() {
        try {
            return Path.of(AnalyseFolder.class.getResource("/db/migration").toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("The sample migrations are not on the class path as a directory; pass a folder", e);
        }
    }

    private static List<Path> migrations(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> VERSIONED.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(AnalyseFolder::version))
                    .toList();
        }
    }

    private static Version version(Path file) {
        Matcher m = VERSIONED.matcher(file.getFileName().toString());
        m.matches();
        return Version.parse(m.group(1));
    }
}
