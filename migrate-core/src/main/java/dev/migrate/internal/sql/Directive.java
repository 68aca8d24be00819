package dev.migrate.internal.sql;

/**
 * A {@code -- migrate:<name> <arguments>} comment.
 *
 * @param line      1-based line of the comment
 * @param name      what follows {@code migrate:}, up to the first space
 * @param arguments the rest of the comment, trimmed
 */
public record Directive(int line, String name, String arguments) {
    /** Runs the whole migration outside a transaction. */
    public static final String NO_TRANSACTION = "no-transaction";
    /** Suppresses an analysis rule; read by migrate-analysis, accepted and ignored by core. */
    public static final String ALLOW = "allow";
    /**
     * Asks for the script to run by a module's strategy ({@code -- migrate:strategy expand-contract}):
     * that module's step runner takes the script; core refuses it when no module does.
     */
    public static final String STRATEGY = "strategy";
}
