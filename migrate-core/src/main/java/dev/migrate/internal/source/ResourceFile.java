package dev.migrate.internal.source;

/**
 * A file read from a location.
 *
 * @param location the location it came from, for messages
 * @param path     its path relative to the location, {@code /}-separated
 * @param content  its bytes as stored
 */
public record ResourceFile(String location, String path, byte[] content) {

    /** The last path element. */
    public String fileName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** The folder holding the file relative to the location, or "" at the top. */
    public String folder() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
