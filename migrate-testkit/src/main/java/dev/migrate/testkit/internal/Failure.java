package dev.migrate.testkit.internal;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * A failure message already written out in full, for {@code AbstractAssert.throwAssertionError}:
 * AssertJ adds the description given with {@code as(...)} in front, and quotes nothing.
 */
public final class Failure extends BasicErrorMessageFactory {
    private final String text;

    private Failure(String text) {
        super("%n%s", unquotedString(text));
        this.text = text;
    }

    /** A message factory that produces {@code text}. */
    public static ErrorMessageFactory of(String text) {
        return new Failure(text);
    }

    /** The message without the description. */
    public String text() {
        return text;
    }
}
