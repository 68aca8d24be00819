package dev.migrate.testkit;

import dev.migrate.schema.Index;
import dev.migrate.testkit.internal.Expressions;
import dev.migrate.testkit.internal.SchemaFailures;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one {@link Index}, from {@link TableAssert#hasIndex(String)} or
 * {@link TableAssert#hasIndexOn(String...)}; {@link #and()} returns to the table.
 *
 * <pre>{@code
 * assertThat(schema).hasTable("users")
 *         .hasIndexOn("email").unique().withPredicate("deleted_at IS NULL").valid();
 * }</pre>
 */
public final class IndexAssert extends AbstractAssert<IndexAssert, Index> {
    private final TableAssert table;

    IndexAssert(Index actual, TableAssert table) {
        super(actual, IndexAssert.class);
        this.table = table;
    }

    /** Checks that the index is unique (a primary key's index is). */
    public IndexAssert unique() {
        if (!actual.unique()) {
            throwAssertionError(SchemaFailures.shouldBe(actual, "unique", true));
        }
        return this;
    }

    /** Checks that the index is not unique. */
    public IndexAssert notUnique() {
        if (actual.unique()) {
            throwAssertionError(SchemaFailures.shouldBe(actual, "unique", false));
        }
        return this;
    }

    /** Checks that the index is partial: it has a {@code WHERE}. */
    public IndexAssert partial() {
        if (actual.predicate() == null) {
            throwAssertionError(SchemaFailures.shouldBe(actual, "partial", true));
        }
        return this;
    }

    /**
     * Checks the {@code WHERE} of a partial index, as {@code pg_get_expr} prints it; whitespace and
     * outer parentheses do not matter ({@code "deleted_at IS NULL"} matches {@code (deleted_at IS NULL)}).
     */
    public IndexAssert withPredicate(String predicate) {
        Objects.requireNonNull(predicate, "predicate");
        if (actual.predicate() == null || !Expressions.same(predicate, actual.predicate())) {
            throwAssertionError(SchemaFailures.shouldHavePredicate(actual, predicate));
        }
        return this;
    }

    /**
     * Checks that the index is valid: not left behind by a failed {@code CREATE INDEX CONCURRENTLY},
     * which queries do not use.
     */
    public IndexAssert valid() {
        if (!actual.valid()) {
            throwAssertionError(SchemaFailures.shouldBe(actual, "valid", true));
        }
        return this;
    }

    /** Checks the access method: {@code btree}, {@code gin}, {@code gist}, {@code brin}, {@code hash}... */
    public IndexAssert using(String method) {
        Objects.requireNonNull(method, "method");
        if (!actual.method().equalsIgnoreCase(method)) {
            throwAssertionError(SchemaFailures.shouldUse(actual, method));
        }
        return this;
    }

    /** Back to the table. */
    public TableAssert and() {
        return table;
    }
}
