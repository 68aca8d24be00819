package dev.migrate.schema;

import java.util.Objects;

/**
 * A function or procedure written by the user (those an extension owns are left out). Named
 * {@code Routine}, as SQL calls both, so that it does not clash with
 * {@link java.util.function.Function}.
 *
 * @param schema     the routine's schema
 * @param name       the routine's name; overloads share it
 * @param kind       function or procedure
 * @param arguments  the identity arguments as {@code pg_get_function_identity_arguments} prints them,
 *                   such as {@code a integer, b text}; empty for none
 * @param result     the result type as {@code pg_get_function_result} prints it, such as
 *                   {@code integer} or {@code trigger}; null for a procedure
 * @param language   the language, such as {@code sql} or {@code plpgsql}
 * @param definition the whole {@code CREATE OR REPLACE} statement as {@code pg_get_functiondef} prints it
 */
public record Routine(String schema, String name, Kind kind, String arguments, String result, String language,
                      String definition) implements SchemaObject {
    public Routine {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(definition, "definition");
    }

    /** {@code schema.name(arguments)}: what tells overloads apart. */
    public String signature() {
        return qualifiedName() + "(" + arguments + ")";
    }

    /** Function or procedure, from {@code pg_proc.prokind}. */
    public enum Kind {
        /** {@code CREATE FUNCTION}. */
        FUNCTION,
        /** {@code CREATE PROCEDURE}. */
        PROCEDURE
    }
}
