package dev.migrate.internal.source;

/**
 * A file read from a location.
 *
 * @param location the location it came from, for messages
 * @param path     its path relative to the location, {@code /}-separated
 * @param content  its bytes as stored; null when the file is larger than {@link #MAX_SIZE} and was not read
 * @param size     its size in bytes
 */
public record ResourceFile(String location, String path, byte[] content, long size) {
    /**
     * The largest script read: a script is held in memory several times over while it is split
     * and sent (text, statements, the driver's encoding), so a bigger one is refused, with its
     * size, rather than risking an {@code OutOfMemoryError} in the middle of a run.
     */
    public static final long MAX_SIZE = 16L << 20;

    /** A file read whole. */
    public ResourceFile(String location, String path, byte[] content) {
        this(location, path, content, content.length);
    }

    /** The file as sources see it; only for a file that was read. */
    public dev.migrate.spi.Script script() {
        return dev.migrate.spi.Script.file(location, path, content);
    }

    /** Whether the file was too large to read. */
    public boolean tooLarge() {
        return content == null;
    }

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
