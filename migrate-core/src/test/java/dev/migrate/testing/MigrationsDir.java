package dev.migrate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A directory of migration files that a test writes as it goes. */
public final class MigrationsDir {
    private final Path root;

    public MigrationsDir(Path root) {
        this.root = root;
    }

    public MigrationsDir write(String name, String sql) {
        try {
            Path file = root.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, sql);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public MigrationsDir delete(String name) {
        try {
            Files.delete(root.resolve(name));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return root;
    }
}
