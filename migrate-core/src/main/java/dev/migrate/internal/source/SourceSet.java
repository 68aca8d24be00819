package dev.migrate.internal.source;

import dev.migrate.ValidationProblem;
import dev.migrate.spi.Script;
import java.util.List;

/**
 * Every migration the locations provide, versioned ones in version order, repeatable ones by
 * description, SQL callback scripts by file name, and the problems found while reading them (bad names, duplicate versions).
 */
public record SourceSet(List<ResolvedMigration> versioned, List<ResolvedMigration> repeatable,
                        List<Script> callbacks, List<ValidationProblem> problems) {
    public SourceSet {
        callbacks = List.copyOf(callbacks);
        versioned = List.copyOf(versioned);
        repeatable = List.copyOf(repeatable);
        problems = List.copyOf(problems);
    }
}
