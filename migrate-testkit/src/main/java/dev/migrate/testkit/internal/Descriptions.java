package dev.migrate.testkit.internal;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.description.Description;

/** Carries an {@code as(...)} description from an assertion to the one it leads to. */
public final class Descriptions {
    private Descriptions() {
    }

    /** {@code child}, described like {@code parent} when {@code parent} has a description. */
    public static <A extends AbstractAssert<A, ?>> A inherit(A child, AbstractAssert<?, ?> parent) {
        Description description = parent.info.description();
        if (description != null && description.value() != null && !description.value().isEmpty()) {
            child.describedAs(description);
        }
        return child;
    }
}
