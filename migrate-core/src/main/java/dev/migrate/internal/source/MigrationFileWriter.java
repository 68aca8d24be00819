package dev.migrate.internal.source;

import dev.migrate.ConfigurationException;
import dev.migrate.Location;
import dev.migrate.MigrationKind;
import dev.migrate.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes the next migration file into the first directory location, following the naming the
 * existing migrations use: timestamps stay timestamps, numbers count up, a folder-per-migration
 * layout gets a new folder with {@code up.sql} and {@code down.sql}.
 */
public final class MigrationFileWriter {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
    private static final int TIMESTAMP_DIGITS = 14;

    private final Clock clock;

    public MigrationFileWriter(Clock clock) {
        this.clock = clock;
    }

    /**
     * The first directory location, where new migrations go.
     *
     * @throws ConfigurationException when there is none
     */
    public static Location target(List<Location> locations) {
        return locations.stream().filter(l -> l.kind() == Location.Kind.DIRECTORY).findFirst()
                .orElseThrow(() -> new ConfigurationException("newMigration needs a directory location to write into;"
                        + " the locations are " + locations + ". Add one with locations(Location.directory(path))."));
    }

    /**
     * Creates the file (or folder) and returns the path of the script to edit.
     *
     * @throws ConfigurationException when no location is a directory, or the name has nothing usable
     */
    public Path write(List<Location> locations, SourceSet existing, String name) {
        Location target = target(locations);
        String slug = name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.isEmpty()) {
            throw new ConfigurationException("Migration name '" + name + "' has no letters or digits to build a file name from");
        }
        ResolvedMigration latest = existing.versioned().isEmpty() ? null : existing.versioned().get(existing.versioned().size() - 1);
        Version next = next(latest == null ? null : latest.version());
        boolean folders = latest != null && latest.kind() == MigrationKind.VERSIONED && latest.script().contains("/")
                && (latest.script().endsWith("/up.sql") || latest.script().endsWith("/migration.sql"));
        Path dir = target.directory();
        try {
            Files.createDirectories(dir);
            if (folders) {
                Path folder = dir.resolve(next + "_" + slug);
                Files.createDirectory(folder);
                Files.writeString(folder.resolve("down.sql"), "-- Reverts " + next + " " + slug + "\n");
                return Files.writeString(folder.resolve("up.sql"), "-- " + next + " " + slug + "\n");
            }
            Path file = dir.resolve("V" + next + "__" + slug + ".sql");
            if (Files.exists(file)) {
                throw new ConfigurationException(file + " already exists");
            }
            return Files.writeString(file, "-- " + next + " " + slug + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the new migration into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A timestamp after a timestamp, otherwise the last segment plus one; {@code 1} for the first migration. */
    private Version next(Version latest) {
        String now = TIMESTAMP.format(clock.instant().atZone(ZoneOffset.UTC));
        if (latest == null) {
            return Version.parse("1");
        }
        String text = latest.toString();
        if (text.indexOf('.') < 0 && text.length() >= TIMESTAMP_DIGITS) {
            Version stamp = Version.parse(now);
            return stamp.isNewerThan(latest) ? stamp : Version.parse(new java.math.BigInteger(text).add(java.math.BigInteger.ONE).toString());
        }
        int dot = text.lastIndexOf('.');
        String head = dot < 0 ? "" : text.substring(0, dot + 1);
        String last = dot < 0 ? text : text.substring(dot + 1);
        return Version.parse(head + new java.math.BigInteger(last).add(java.math.BigInteger.ONE));
    }
}
