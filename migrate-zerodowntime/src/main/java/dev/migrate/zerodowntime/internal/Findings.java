package dev.migrate.zerodowntime.internal;

import dev.migrate.Finding;
import dev.migrate.Severity;
import dev.migrate.analysis.Analyzer;
import dev.migrate.spi.Script;
import java.util.Map;
import java.util.TreeMap;

/** migrate-analysis's findings on one script, for the {@link Policy}: loaded only when the analysis is on the class path. */
final class Findings {
    /** The oldest server the module runs on, assumed when the server's version is not known (plan() without a connection). */
    private static final int OLDEST = 12;

    private Findings() {
    }

    /**
     * The lines with a finding of {@code from} or more (not allowed by {@code -- migrate:allow}), each
     * with its rules. The script is analysed on its own, its tables taken as existing and populated
     * unless it creates them, as they are when it runs after the migrations before it.
     */
    static Map<Integer, String> risky(Script script, int serverMajor, Severity from) {
        Map<Integer, String> lines = new TreeMap<>();
        for (Finding f : Analyzer.forServer(serverMajor < OLDEST ? OLDEST : serverMajor).analyzeScript(script.path(), script.text())
                .findings()) {
            if (f.severity().compareTo(from) >= 0) {
                lines.merge(f.line(), f.rule(), (a, b) -> a.contains(b) ? a : a + ", " + b);
            }
        }
        return lines;
    }
}
