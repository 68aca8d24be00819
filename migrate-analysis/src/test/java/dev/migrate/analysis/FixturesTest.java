package dev.migrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Finding;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The labeled fixture set ({@code src/test/resources/fixtures/*.sql}): each case is a short script
 * marked with the rules it must trigger ({@code -- expect: rule, rule}) or {@code safe}, optionally
 * with the PostgreSQL versions it is for ({@code -- pg: 14-18}, default 12-18) and whether another
 * tool runs it ({@code -- executor: other}); {@code -- migration} lines make it a plan of several
 * migrations, state carrying from one to the next. Every case runs at every version of its range; the
 * test fails on any difference, and writes precision and recall per rule to
 * {@code target/analysis-fixtures.md}.
 */
class FixturesTest {
    private record Case(String file, String name, Set<String> expected, int fromVersion, int toVersion, boolean otherExecutor,
                        String sql) {
        /** The case as a plan: one migration, or one per {@code -- migration} line; name and text in turn. */
        List<String> migrations() {
            List<String> namesAndTexts = new ArrayList<>();
            String[] parts = sql.split("(?m)^-- migration\\s*$");
            for (int i = 0; i < parts.length; i++) {
                if (i == 0 && parts.length > 1) {
                    continue; // the case's header, before the first migration
                }
                namesAndTexts.add(file + " / " + name + (parts.length > 1 ? " #" + i : ""));
                namesAndTexts.add(parts[i]);
            }
            return namesAndTexts;
        }
    }

    private static List<Case> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(FixturesTest.class.getResource("/fixtures").toURI());
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                for (String block : text.split("(?m)^(?=-- case:)")) {
                    if (block.isBlank()) {
                        continue;
                    }
                    String name = null;
                    Set<String> expected = new TreeSet<>();
                    int from = 12;
                    int to = 18;
                    boolean other = false;
                    for (String line : block.split("\n")) {
                        if (line.startsWith("-- case:")) {
                            name = line.substring(8).strip();
                        } else if (line.startsWith("-- expect:")) {
                            for (String rule : line.substring(10).split(",")) {
                                if (!rule.isBlank() && !rule.strip().equals("safe")) {
                                    expected.add(rule.strip());
                                }
                            }
                        } else if (line.startsWith("-- pg:")) {
                            String[] range = line.substring(6).strip().split("-");
                            from = Integer.parseInt(range[0]);
                            to = Integer.parseInt(range[range.length - 1]);
                        } else if (line.startsWith("-- executor:")) {
                            other = line.contains("other");
                        }
                    }
                    cases.add(new Case(file.getFileName().toString(), name, expected, from, to, other, block));
                }
            }
        }
        return cases;
    }

    @Test
    void every_case_gets_exactly_the_findings_it_is_labeled_with() throws Exception {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
        Map<String, int[]> counts = new TreeMap<>(); // rule -> tp, fp, fn
        List<String> mismatches = new ArrayList<>();
        int runs = 0;
        for (Case c : cases) {
            for (int version = c.fromVersion(); version <= c.toVersion(); version++) {
                AnalysisReport report = Analyzer.forServer(version).underLockSafeExecutor(!c.otherExecutor())
                        .analyzeScripts(c.migrations());
                Set<String> actual = new TreeSet<>();
                for (Finding f : report.findings()) {
                    actual.add(f.rule());
                }
                runs++;
                for (String rule : union(actual, c.expected())) {
                    int[] n = counts.computeIfAbsent(rule, k -> new int[3]);
                    boolean found = actual.contains(rule);
                    boolean wanted = c.expected().contains(rule);
                    n[found && wanted ? 0 : found ? 1 : 2]++;
                }
                if (!actual.equals(c.expected())) {
                    mismatches.add(c.file() + " / " + c.name() + " (PG " + version + "): expected " + c.expected() + ", got " + actual
                            + "\n    " + report.findings());
                }
            }
        }
        writeTable(cases.size(), runs, counts);
        assertThat(mismatches).as("cases whose findings differ from their labels").isEmpty();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void writeTable(int cases, int runs, Map<String, int[]> counts) throws IOException {
        StringBuilder md = new StringBuilder("| rule | TP | FP | FN | precision | recall |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] n = e.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s |%n", e.getKey(), n[0], n[1], n[2],
                    ratio(n[0], n[0] + n[1]), ratio(n[0], n[0] + n[2])));
        }
        String text = cases + " cases, " + runs + " runs (each case at each PostgreSQL version of its range)\n\n" + md;
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "analysis-fixtures.md"), text);
        System.out.println(text);
    }

    private static String ratio(int a, int b) {
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) a / b);
    }
}
