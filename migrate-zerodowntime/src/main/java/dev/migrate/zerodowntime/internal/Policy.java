package dev.migrate.zerodowntime.internal;

import dev.migrate.ConfigurationException;
import dev.migrate.Severity;
import dev.migrate.spi.Script;
import java.util.Map;

/**
 * The policy for SQL migrations that are not marked ({@code ZeroDowntimeOptions.expandContractFrom}):
 * which of their statements migrate-analysis judges too risky to run as written. The analysis is an
 * optional dependency; {@link Findings}, the only class that uses it, is loaded once it is known to
 * be there.
 */
final class Policy {
    private static final boolean ANALYSIS = present("dev.migrate.analysis.Analyzer");

    private Policy() {
    }

    /**
     * The lines of {@code script} with a finding of {@code from} or more, each with its rules; empty
     * when the script can run as written.
     *
     * @throws ConfigurationException when migrate-analysis is not on the class path
     */
    static Map<Integer, String> risky(Script script, int serverMajor, Severity from) {
        if (!ANALYSIS) {
            throw new ConfigurationException("ZeroDowntimeOptions.expandContractFrom(" + from + ") judges unmarked SQL migrations"
                    + " (" + script.path() + ") with migrate-analysis, which is not on the class path. Add dev.migrate:migrate-analysis"
                    + " to the application's dependencies, or mark the scripts to run the expand-contract way with"
                    + " -- migrate:strategy expand-contract and leave expandContractFrom unset.");
        }
        return Findings.risky(script, serverMajor, from);
    }

    private static boolean present(String name) {
        try {
            Class.forName(name, false, Policy.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
