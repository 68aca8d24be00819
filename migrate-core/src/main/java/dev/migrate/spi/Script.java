package dev.migrate.spi;

import dev.migrate.internal.source.Scripts;
import java.util.Objects;

/**
 * A migration's script as a {@link MigrationSource} found it: a file of a location, or something a
 * source made in code. A {@link StepRunner} turns it into a step that runs.
 *
 * @param location where it was found ({@code classpath:db/migration}, a directory), for messages
 * @param path     its path relative to the location, {@code /}-separated: what the history records
 *                 as the migration's script, so it must stay the same from run to run
 * @param content  its bytes as stored (do not modify them); empty for a script made in code
 * @param payload  what a source made in code instead of a file: a {@link dev.migrate.JavaMigration},
 *                 or an object of a module's own for its runner; null for a file
 */
public record Script(String location, String path, byte[] content, Object payload) {
    public Script {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
    }

    /** A file's script. */
    public static Script file(String location, String path, byte[] content) {
        return new Script(location, path, content, null);
    }

    /** The last element of the path. */
    public String fileName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /**
     * The content as text: UTF-8, read strictly, with a byte order mark removed and line ends
     * made {@code \n}.
     *
     * @throws dev.migrate.InvalidMigrationException naming the line of a byte that is not UTF-8, or a NUL
     */
    public String text() {
        return Scripts.decode(path, content);
    }

    /** The location and path; the content is left out. */
    @Override
    public String toString() {
        return "Script[" + location + "/" + path + (payload == null ? "" : ", " + payload.getClass().getName()) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Script s && location.equals(s.location) && path.equals(s.path)
                && java.util.Arrays.equals(content, s.content) && Objects.equals(payload, s.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(location, path, java.util.Arrays.hashCode(content), payload);
    }
}
