package dev.migrate.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What to run, read from system properties ({@code -Dsizes=10,100}) and the optional first
 * argument (where to write the Markdown report).
 *
 * @param sizes           how many migrations per set, e.g. 10, 100, 1000
 * @param reps            apply-from-empty repetitions; 0 means "21 up to 10 migrations, 7 up to 100, 5 above"
 * @param noopWarmup      no-op runs discarded before measuring
 * @param noopRuns        measured no-op runs
 * @param coldSize        the set size used for the cold no-op in a new JVM
 * @param coldRuns        how many child JVMs to start per contender
 * @param contenders      which contenders to run, in report order
 * @param countStatements whether to count server-side statements with pg_stat_statements
 * @param output          the Markdown report file
 */
public record Settings(List<Integer> sizes, int reps, int noopWarmup, int noopRuns, int coldSize, int coldRuns,
                       List<String> contenders, boolean countStatements, Path output) {

    /** Every contender, in report order. */
    public static final List<String> ALL_CONTENDERS = List.of("migrate", "flyway", "liquibase", "jdbc");

    public Settings {
        sizes = List.copyOf(sizes);
        contenders = List.copyOf(contenders);
        if (sizes.isEmpty() || contenders.isEmpty()) {
            throw new IllegalArgumentException("sizes and tools must not be empty");
        }
        if (noopRuns < 1 || coldRuns < 0 || noopWarmup < 0 || reps < 0) {
            throw new IllegalArgumentException("noopRuns must be 1 or more; reps, noopWarmup and coldRuns 0 or more");
        }
    }

    /** Reads the settings; unknown contender names and non-numbers are rejected with a message. */
    public static Settings fromSystemProperties(String[] args) {
        List<Integer> sizes = new ArrayList<>();
        for (String s : list("sizes", "10,100,1000")) {
            int n = Integer.parseInt(s);
            if (n < 1) {
                throw new IllegalArgumentException("sizes must be positive, got " + n);
            }
            sizes.add(n);
        }
        sizes.sort(null);
        String repsText = System.getProperty("reps", "auto").trim();
        int reps = repsText.isEmpty() || repsText.equalsIgnoreCase("auto") ? 0 : Integer.parseInt(repsText);
        String coldText = System.getProperty("coldSize", "max").trim();
        int coldSize = coldText.isEmpty() || coldText.equalsIgnoreCase("max")
                ? sizes.get(sizes.size() - 1) : Integer.parseInt(coldText);
        if (!sizes.contains(coldSize)) {
            throw new IllegalArgumentException("coldSize " + coldSize + " is not one of sizes " + sizes);
        }
        List<String> contenders = new ArrayList<>();
        for (String name : list("tools", String.join(",", ALL_CONTENDERS))) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!ALL_CONTENDERS.contains(lower)) {
                throw new IllegalArgumentException("Unknown tool '" + name + "': use " + ALL_CONTENDERS);
            }
            contenders.add(lower);
        }
        contenders.sort((a, b) -> ALL_CONTENDERS.indexOf(a) - ALL_CONTENDERS.indexOf(b));
        Path output = Path.of(args.length > 0 ? args[0] : "target/benchmark-results.md");
        return new Settings(sizes, reps, integer("noopWarmup", 30), integer("noopRuns", 30), coldSize,
                integer("coldRuns", 3), contenders, Boolean.parseBoolean(System.getProperty("countStatements", "true")),
                output);
    }

    /** Apply-from-empty repetitions for a set of {@code size} migrations. */
    public int repsFor(int size) {
        if (reps > 0) {
            return reps;
        }
        return size <= 10 ? 21 : size <= 100 ? 7 : 5;
    }

    private static int integer(String name, int fallback) {
        String value = System.getProperty(name, "").trim();
        return value.isEmpty() ? fallback : Integer.parseInt(value);
    }

    private static List<String> list(String name, String fallback) {
        String value = System.getProperty(name, "").trim();
        List<String> items = new ArrayList<>();
        for (String item : (value.isEmpty() ? fallback : value).split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }
}
