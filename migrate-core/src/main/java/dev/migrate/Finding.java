package dev.migrate;

import java.util.Objects;

/**
 * Something a {@link dev.migrate.spi.PlanChecker} noticed about a planned statement: a lock that
 * blocks the application, a table rewrite, a change running code cannot survive.
 *
 * @param rule     the checker's stable rule id, e.g. {@code add-index-without-concurrently}
 * @param severity how much it matters
 * @param script   the migration script, relative to its location
 * @param line     the statement's 1-based line in it; 0 for the whole script
 * @param message  what is wrong, in one or two sentences
 * @param fix      the safe alternative or what to do next; may be empty
 */
public record Finding(String rule, Severity severity, String script, int line, String message, String fix) {
    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(message, "message");
        fix = fix == null ? "" : fix;
    }

    @Override
    public String toString() {
        return severity + " " + script + (line > 0 ? ":" + line : "") + " [" + rule + "] " + message
                + (fix.isEmpty() ? "" : " Fix: " + fix);
    }
}
