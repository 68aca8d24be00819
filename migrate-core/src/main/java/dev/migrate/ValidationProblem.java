package dev.migrate;

import java.util.Objects;

/**
 * One problem found in the migrations or the history.
 *
 * @param code    what kind of problem
 * @param script  the script it concerns, relative to its location, or null when it concerns none
 * @param line    the 1-based line in that script, or 0 when no line applies
 * @param message what is wrong
 * @param fix     what to do about it
 */
public record ValidationProblem(ErrorCode code, String script, int line, String message, String fix) {
    public ValidationProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
    }

    /** The problem as one line for a person: where, what, and the fix. */
    @Override
    public String toString() {
        String where = script == null ? "" : line > 0 ? script + ":" + line + ": " : script + ": ";
        return where + message + " Fix: " + fix;
    }
}
