package dev.migrate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Validation found problems. The message lists every one of them, each with its fix; nothing was
 * changed in the database.
 */
public final class ValidationException extends MigrationException {
    private static final long serialVersionUID = 1L;

    private final transient List<ValidationProblem> problems;

    public ValidationException(List<ValidationProblem> problems) {
        super(ErrorCode.VALIDATION_FAILED, render(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order of the migrations they concern. */
    public List<ValidationProblem> problems() {
        return problems;
    }

    private static String render(List<ValidationProblem> problems) {
        String noun = problems.size() == 1 ? "problem" : "problems";
        return "Validation found " + problems.size() + " " + noun + "; nothing was changed:"
                + problems.stream().map(p -> "\n  - [" + p.code() + "] " + p).collect(Collectors.joining());
    }
}
