package dev.migrate.schema;

import java.util.Objects;

/**
 * An installed extension. Extensions belong to the database rather than to a schema, so every
 * installed extension is read, whichever schemas were asked for; the objects an extension owns are
 * left out of the rest of the model.
 *
 * @param name    the extension's name, such as {@code pgcrypto}
 * @param version the installed version, such as {@code 1.3}
 * @param schema  the schema its objects were created in
 */
public record Extension(String name, String version, String schema) {
    public Extension {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(schema, "schema");
    }
}
