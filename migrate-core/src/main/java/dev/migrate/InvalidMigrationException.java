package dev.migrate;

import java.util.Objects;

/**
 * A migration script or file name cannot be used as it is: bad name, bad encoding, unsplittable
 * SQL, psql meta-commands, unknown placeholder. Nothing was executed.
 */
public final class InvalidMigrationException extends MigrationException {
    private static final long serialVersionUID = 1L;

    private final transient ValidationProblem problem;

    public InvalidMigrationException(ValidationProblem problem) {
        super(Objects.requireNonNull(problem, "problem").code(), problem.toString());
        this.problem = problem;
    }

    /** The problem with its script, line and fix. */
    public ValidationProblem problem() {
        return problem;
    }
}
