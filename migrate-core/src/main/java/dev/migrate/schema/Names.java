package dev.migrate.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Sorting of object lists and lookup by {@code name} or {@code schema.name}. */
final class Names {
    private Names() {
    }

    /** An immutable copy of {@code items} in {@code order}; rejects null lists and elements. */
    static <T> List<T> sorted(List<T> items, Comparator<? super T> order, String what) {
        Objects.requireNonNull(items, what);
        List<T> copy = new ArrayList<>(items);
        copy.forEach(item -> Objects.requireNonNull(item, what));
        copy.sort(order);
        return List.copyOf(copy);
    }

    /** By schema, then by name, comparing strings by code unit so that the order is locale-free. */
    static <T extends SchemaObject> Comparator<T> bySchemaAndName() {
        return Comparator.comparing((T o) -> o.schema()).thenComparing(SchemaObject::name);
    }

    /** {@link #find(List, List, String, Function, Function)} for schema objects. */
    static <T extends SchemaObject> Optional<T> find(List<T> items, List<String> schemaOrder, String name) {
        return find(items, schemaOrder, name, SchemaObject::schema, SchemaObject::name);
    }

    /**
     * The item called {@code name}: an exact {@code schema.name} match first; otherwise the first
     * item with that unqualified name, taking schemas in {@code schemaOrder}.
     */
    static <T> Optional<T> find(List<T> items, List<String> schemaOrder, String name, Function<T, String> schemaOf,
                                Function<T, String> nameOf) {
        Objects.requireNonNull(name, "name");
        for (T item : items) {
            if ((schemaOf.apply(item) + "." + nameOf.apply(item)).equals(name)) {
                return Optional.of(item);
            }
        }
        for (String schema : schemaOrder) {
            for (T item : items) {
                if (schemaOf.apply(item).equals(schema) && nameOf.apply(item).equals(name)) {
                    return Optional.of(item);
                }
            }
        }
        // A hand-built model may hold objects of schemas it does not list.
        return items.stream().filter(item -> nameOf.apply(item).equals(name)).findFirst();
    }
}
