package dev.migrate;

import java.util.List;

/**
 * A dry run: what {@code migrate()} would execute now, statement by statement, after placeholders
 * are replaced, and how. Nothing is executed to build it.
 *
 * @param migrations the pending migrations in the order they would run
 * @param findings   what the {@link dev.migrate.spi.PlanChecker}s on the class path noticed, in plan order;
 *                   empty when none is installed
 */
public record Plan(List<Step> migrations, List<Finding> findings) {
    public Plan {
        migrations = List.copyOf(migrations);
        findings = List.copyOf(findings);
    }

    /** A plan without findings: what a {@link dev.migrate.spi.PlanChecker} receives. */
    public Plan(List<Step> migrations) {
        this(migrations, List.of());
    }

    /**
     * One migration that would run.
     *
     * @param kind        versioned or repeatable
     * @param version     null for a repeatable migration
     * @param description from the file or folder name
     * @param script      relative to its location
     * @param mode        transactional or not
     * @param modeReason  why it runs without a transaction (the statement and line, or the directive); null if it does not
     * @param statements  the statements, placeholders replaced
     * @param directives  the script's {@code -- migrate:<name> ...} comments, such as
     *                    {@code -- migrate:allow <rule> reason="..."} for checkers
     * @param downScript  the path of the script that reverts it ({@code U<v>__x.sql} or {@code down.sql}),
     *                    or null when it has none
     */
    public record Step(MigrationKind kind, Version version, String description, String script, TransactionMode mode,
                       String modeReason, List<Statement> statements, List<Directive> directives, String downScript) {
        public Step {
            statements = List.copyOf(statements);
            directives = List.copyOf(directives);
        }

        /** A step without a down script. */
        public Step(MigrationKind kind, Version version, String description, String script, TransactionMode mode,
                    String modeReason, List<Statement> statements, List<Directive> directives) {
            this(kind, version, description, script, mode, modeReason, statements, directives, null);
        }

        /** A step whose script has no directives and no down script. */
        public Step(MigrationKind kind, Version version, String description, String script, TransactionMode mode,
                    String modeReason, List<Statement> statements) {
            this(kind, version, description, script, mode, modeReason, statements, List.of(), null);
        }
    }

    /**
     * A {@code -- migrate:<name> <arguments>} comment of a script.
     *
     * @param line      its 1-based line
     * @param name      what follows {@code migrate:}, e.g. {@code allow}
     * @param arguments the rest of the comment, trimmed
     */
    public record Directive(int line, String name, String arguments) {
    }

    /**
     * One statement of a planned migration.
     *
     * @param line the 1-based line where it starts in its script
     * @param sql  the SQL that would be sent
     */
    public record Statement(int line, String sql) {
    }

    /** Whether nothing is pending. */
    public boolean isEmpty() {
        return migrations.isEmpty();
    }

    /** The findings more severe than {@code severity}. */
    public List<Finding> findingsAbove(Severity severity) {
        return findings.stream().filter(f -> f.severity().isAbove(severity)).toList();
    }

    /** How many statements would run. */
    public int statementCount() {
        return migrations.stream().mapToInt(s -> s.statements().size()).sum();
    }

    /** A readable report: each migration, how it runs, its statements with lines, then the findings. */
    public String toText() {
        return Reports.text(this);
    }

    /** The plan as JSON. Needs Jackson ({@code tools.jackson.core:jackson-databind}) on the class path. */
    public String toJson() {
        return Reports.json(this);
    }
}
