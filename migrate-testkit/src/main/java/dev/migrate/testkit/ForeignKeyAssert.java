package dev.migrate.testkit;

import dev.migrate.schema.ForeignKey;
import dev.migrate.testkit.internal.SchemaFailures;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one {@link ForeignKey}, from {@link TableAssert#hasForeignKey(String...)};
 * {@link #and()} returns to the table.
 *
 * <pre>{@code
 * assertThat(schema).hasTable("orders")
 *         .hasForeignKey("customer_id").referencing("customers", "id").onDelete(ForeignKey.Action.CASCADE);
 * }</pre>
 */
public final class ForeignKeyAssert extends AbstractAssert<ForeignKeyAssert, ForeignKey> {
    private final TableAssert table;

    ForeignKeyAssert(ForeignKey actual, TableAssert table) {
        super(actual, ForeignKeyAssert.class);
        this.table = table;
    }

    /**
     * Checks the referenced table ({@code name} or {@code schema.name}) and, when given, the
     * referenced columns in order.
     */
    public ForeignKeyAssert referencing(String referencedTable, String... columns) {
        Objects.requireNonNull(referencedTable, "referencedTable");
        Objects.requireNonNull(columns, "columns");
        boolean tableMatches = referencedTable.equals(actual.referencedTable())
                || referencedTable.equals(actual.referencedQualifiedName());
        if (!tableMatches || (columns.length > 0 && !actual.referencedColumns().equals(List.of(columns)))) {
            throwAssertionError(SchemaFailures.shouldReference(table.table(), actual, referencedTable,
                    columns.length > 0 ? List.of(columns) : actual.referencedColumns()));
        }
        return this;
    }

    /** Checks what deleting a referenced row does. */
    public ForeignKeyAssert onDelete(ForeignKey.Action action) {
        Objects.requireNonNull(action, "action");
        if (actual.onDelete() != action) {
            throwAssertionError(SchemaFailures.shouldHaveOnDelete(table.table(), actual, action));
        }
        return this;
    }

    /** Back to the table. */
    public TableAssert and() {
        return table;
    }
}
