package dev.migrate.testkit;

import dev.migrate.schema.Column;
import dev.migrate.testkit.internal.Expressions;
import dev.migrate.testkit.internal.SchemaFailures;
import dev.migrate.testkit.internal.TypeNames;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one {@link Column}, from {@link TableAssert#hasColumn(String)}; {@link #and()}
 * returns to the table.
 *
 * <pre>{@code
 * assertThat(schema).hasTable("users")
 *         .hasColumn("email").ofType("varchar(100)").notNull().and()
 *         .hasColumn("created_at").ofType("timestamptz").hasDefault("now()");
 * }</pre>
 */
public final class ColumnAssert extends AbstractAssert<ColumnAssert, Column> {
    private final TableAssert table;

    ColumnAssert(Column actual, TableAssert table) {
        super(actual, ColumnAssert.class);
        this.table = table;
    }

    /**
     * Checks the column's type. Write it as {@code format_type} prints it
     * ({@code character varying(100)}, {@code timestamp with time zone}, {@code integer[]}) or with
     * the usual short names ({@code varchar(100)}, {@code timestamptz}, {@code int4[]}, {@code bool}).
     */
    public ColumnAssert ofType(String type) {
        Objects.requireNonNull(type, "type");
        if (!TypeNames.same(type, actual.type())) {
            throwAssertionError(SchemaFailures.shouldHaveType(table.table(), actual, type));
        }
        return this;
    }

    /** Checks that the column is {@code NOT NULL}. */
    public ColumnAssert notNull() {
        if (actual.nullable()) {
            throwAssertionError(SchemaFailures.shouldBeNullable(table.table(), actual, false));
        }
        return this;
    }

    /** Checks that the column accepts nulls. */
    public ColumnAssert nullable() {
        if (!actual.nullable()) {
            throwAssertionError(SchemaFailures.shouldBeNullable(table.table(), actual, true));
        }
        return this;
    }

    /**
     * Checks the column's default, as {@code pg_get_expr} prints it ({@code now()},
     * {@code nextval('users_id_seq'::regclass)}); whitespace, outer parentheses and a cast the server
     * added ({@code 'new'} for {@code 'new'::text}) do not matter.
     */
    public ColumnAssert hasDefault(String expression) {
        Objects.requireNonNull(expression, "expression");
        if (actual.defaultExpression() == null || !Expressions.same(expression, actual.defaultExpression())) {
            throwAssertionError(SchemaFailures.shouldHaveDefault(table.table(), actual, expression));
        }
        return this;
    }

    /** Checks that the column has no default. */
    public ColumnAssert hasNoDefault() {
        if (actual.defaultExpression() != null) {
            throwAssertionError(SchemaFailures.shouldHaveDefault(table.table(), actual, null));
        }
        return this;
    }

    /** Back to the table, to check more columns. */
    public TableAssert and() {
        return table;
    }
}
