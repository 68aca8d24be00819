package dev.migrate.internal.sql;

import java.util.List;
import java.util.Optional;

/** A script split into statements, with the directives found in its comments. */
public record SqlScript(List<SqlStatement> statements, List<Directive> directives) {
    public SqlScript {
        statements = List.copyOf(statements);
        directives = List.copyOf(directives);
    }

    public Optional<Directive> directive(String name) {
        return directives.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
