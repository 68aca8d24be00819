package dev.migrate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where migrations are read from: a folder on the class path (inside jars too) or a directory.
 *
 * <pre>{@code
 * Location.classpath("db/migration")
 * Location.directory(Path.of("migrations"))
 * Location.parse("filesystem:./migrations")   // or "classpath:db/migration"; no prefix means classpath
 * }</pre>
 *
 * @param kind class path or file system
 * @param path the class path folder (slash-separated, no leading slash) or the directory
 */
public record Location(Kind kind, String path) {
    /** Where a location's files live. */
    public enum Kind { CLASSPATH, DIRECTORY }

    public Location {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        if (kind == Kind.CLASSPATH) {
            path = trimSlashes(path);
        }
    }

    public static Location classpath(String folder) {
        return new Location(Kind.CLASSPATH, folder);
    }

    public static Location directory(Path directory) {
        return new Location(Kind.DIRECTORY, Objects.requireNonNull(directory, "directory").toString());
    }

    /** Reads {@code classpath:db/migration}, {@code filesystem:/srv/migrations}, or a bare class path folder. */
    public static Location parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.startsWith("classpath:")) {
            return classpath(text.substring("classpath:".length()));
        }
        if (text.startsWith("filesystem:")) {
            return directory(Path.of(text.substring("filesystem:".length())));
        }
        if (text.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !text.matches("[a-zA-Z]:[\\\\/].*")) {
            throw new ConfigurationException("Location '" + text + "' has an unknown prefix: use classpath: or filesystem:");
        }
        return classpath(text);
    }

    /** The directory of a {@link Kind#DIRECTORY} location. */
    public Path directory() {
        if (kind != Kind.DIRECTORY) {
            throw new IllegalStateException(this + " is not a directory location");
        }
        return Path.of(path);
    }

    private static String trimSlashes(String folder) {
        String p = folder.replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    @Override
    public String toString() {
        return (kind == Kind.CLASSPATH ? "classpath:" : "filesystem:") + path;
    }
}
