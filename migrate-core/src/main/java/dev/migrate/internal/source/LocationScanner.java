package dev.migrate.internal.source;

import dev.migrate.ErrorCode;
import dev.migrate.Location;
import dev.migrate.MigrationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Lists and reads the files of a location that can matter to migrations (SQL files, whatever the
 * case of {@code .sql}; {@code metadata.toml}; names that look like a migration with another
 * extension), from a directory, a class path directory, or a jar. A file larger than
 * {@link ResourceFile#MAX_SIZE} is listed with its size but not read.
 */
public final class LocationScanner {
    private final ClassLoader classLoader;

    public LocationScanner(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /**
     * Reads the location's candidate files, sorted by path.
     *
     * @throws MigrationException with {@link ErrorCode#SOURCE_UNREADABLE} when the location does not
     *                            exist (a directory, or a class path folder no class path entry has)
     *                            or a file cannot be read
     */
    public List<ResourceFile> scan(Location location) {
        List<ResourceFile> files = new ArrayList<>();
        try {
            if (location.kind() == Location.Kind.DIRECTORY) {
                Path dir = location.directory();
                if (!Files.isDirectory(dir)) {
                    throw new MigrationException(ErrorCode.SOURCE_UNREADABLE, "Location " + location + " is not a directory ("
                            + dir.toAbsolutePath().normalize() + "). Create it, or fix the path given to locations(...).");
                }
                scanDirectory(location, dir, dir, new FileReading(), files);
            } else {
                scanClasspath(location, files);
            }
        } catch (IOException e) {
            throw new MigrationException(ErrorCode.SOURCE_UNREADABLE, "Cannot read location " + location + ": " + e, e);
        } catch (UncheckedIOException e) {
            throw new MigrationException(ErrorCode.SOURCE_UNREADABLE, "Cannot read location " + location + ": " + e.getCause(), e);
        }
        files.sort((a, b) -> a.path().compareTo(b.path()));
        return files;
    }

    /** Whether the location exists: a directory, or a class path folder some class path entry has. */
    public boolean exists(Location location) {
        if (location.kind() == Location.Kind.DIRECTORY) {
            return Files.isDirectory(location.directory());
        }
        try {
            return classLoader.getResources(location.path()).hasMoreElements();
        } catch (IOException e) {
            return true;
        }
    }

    private void scanClasspath(Location location, List<ResourceFile> files) throws IOException {
        Enumeration<URL> roots = classLoader.getResources(location.path());
        boolean found = false;
        while (roots.hasMoreElements()) {
            found = true;
            URL url = roots.nextElement();
            if (url.getProtocol().equals("file")) {
                try {
                    Path root = Path.of(url.toURI());
                    scanDirectory(location, root, root, new FileReading(), files);
                } catch (URISyntaxException e) {
                    throw new IOException("unusable class path URL " + url, e);
                }
            } else {
                scanJar(location, url, files);
            }
        }
        if (!found) {
            throw new MigrationException(ErrorCode.SOURCE_UNREADABLE, "Location " + location + " was not found on the class"
                    + " path: no class path entry has a folder " + location.path() + ". Check the spelling, and that the"
                    + " migrations are packaged (src/main/resources/" + location.path() + " in a Maven or Gradle project),"
                    + " or fix the path given to locations(...).");
        }
    }

    /**
     * Lists a directory tree without a stat per file: a name that can be a migration is read
     * straight away (one open and read, which a start-up pays anyway); only other entries are
     * checked for being folders to descend into. Symbolic links to folders are not followed.
     */
    private static void scanDirectory(Location location, Path root, Path dir, FileReading reading, List<ResourceFile> files)
            throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (isCandidate(entry.getFileName().toString())) {
                    ResourceFile file = readUnlessDirectory(location, root.relativize(entry).toString().replace('\\', '/'), entry, reading);
                    if (file != null) {
                        files.add(file);
                        continue;
                    }
                }
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    scanDirectory(location, root, entry, reading, files);
                }
            }
        }
    }

    private static ResourceFile readUnlessDirectory(Location location, String path, Path file, FileReading reading)
            throws IOException {
        try {
            byte[] content = reading.read(file);
            return content != null ? new ResourceFile(location.toString(), path, content)
                    : new ResourceFile(location.toString(), path, null, Files.size(file));
        } catch (IOException e) {
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            throw e;
        }
    }

    private static void scanJar(Location location, URL url, List<ResourceFile> files) throws IOException {
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            throw new IOException("class path URL " + url + " is neither a directory nor a jar");
        }
        jarConnection.setUseCaches(false);
        String prefix = location.path().isEmpty() ? "" : location.path() + "/";
        try (JarFile jar = jarConnection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(prefix) && isCandidate(name.substring(name.lastIndexOf('/') + 1))) {
                    String path = name.substring(prefix.length());
                    if (entry.getSize() > ResourceFile.MAX_SIZE) {
                        files.add(new ResourceFile(location.toString(), path, null, entry.getSize()));
                        continue;
                    }
                    try (InputStream in = jar.getInputStream(entry)) {
                        byte[] content = in.readNBytes((int) ResourceFile.MAX_SIZE + 1);
                        files.add(content.length > ResourceFile.MAX_SIZE
                                ? new ResourceFile(location.toString(), path, null, Math.max(entry.getSize(), content.length))
                                : new ResourceFile(location.toString(), path, content));
                    }
                }
            }
        }
    }

    /**
     * Reads whole files through one reused buffer: for the small files migrations are, this is
     * an open, a read and a close, without the size query and the second read that
     * {@link Files#readAllBytes} makes.
     */
    private static final class FileReading {
        private ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

        /** The file's bytes, or null when it is larger than {@link ResourceFile#MAX_SIZE}. */
        byte[] read(Path file) throws IOException {
            buffer.clear();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                while (channel.read(buffer) >= 0) {
                    if (!buffer.hasRemaining()) {
                        long size = channel.size();
                        if (size > ResourceFile.MAX_SIZE) {
                            return null;
                        }
                        ByteBuffer bigger = ByteBuffer.allocateDirect((int) Math.max(buffer.capacity() * 2L, size + 1));
                        buffer.flip();
                        bigger.put(buffer);
                        buffer = bigger;
                    }
                }
            }
            buffer.flip();
            byte[] content = new byte[buffer.remaining()];
            buffer.get(content);
            return content;
        }
    }

    private static boolean isCandidate(String fileName) {
        return fileName.regionMatches(true, fileName.length() - 4, ".sql", 0, 4) || fileName.equals("metadata.toml")
                || FileLayouts.looksLikeMigration(fileName);
    }
}
