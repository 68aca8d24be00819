package dev.migrate.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real migration histories beside the project (../shared/corpora), when they are there. */
public final class Corpora {
    private Corpora() {
    }

    /** The corpus folder {@code name} ({@code crates-io}, {@code lemmy}), or null when it is not beside the project. */
    public static Path path(String name) {
        for (Path base : List.of(Path.of("..", "shared", "corpora"), Path.of("..", "..", "shared", "corpora"))) {
            Path candidate = base.resolve(name);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
