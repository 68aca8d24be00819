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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists and reads the files of a location that can matter to migrations ({@code *.sql} and
 * {@code metadata.toml}), from a directory, a class path directory, or a jar.
 */
public final class LocationScanner {
    private static final Logger LOG = LoggerFactory.getLogger(LocationScanner.class);

    private final ClassLoader classLoader;

    public LocationScanner(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /**
     * Reads the location's candidate files, sorted by path.
     *
     * @throws MigrationException with {@link ErrorCode#SOURCE_UNREADABLE} when a directory location
     *                            does not exist or a file cannot be read
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
            LOG.warn("Location {} was not found on the class path; no migrations are read from it", location);
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
                    byte[] content = readUnlessDirectory(entry, reading);
                    if (content != null) {
                        files.add(new ResourceFile(location.toString(), root.relativize(entry).toString().replace('\\', '/'), content));
                        continue;
                    }
                }
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    scanDirectory(location, root, entry, reading, files);
                }
            }
        }
    }

    private static byte[] readUnlessDirectory(Path file, FileReading reading) throws IOException {
        try {
            return reading.read(file);
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
                    try (InputStream in = jar.getInputStream(entry)) {
                        files.add(new ResourceFile(location.toString(), name.substring(prefix.length()), in.readAllBytes()));
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

        byte[] read(Path file) throws IOException {
            buffer.clear();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                while (channel.read(buffer) >= 0) {
                    if (!buffer.hasRemaining()) {
                        ByteBuffer bigger = ByteBuffer.allocateDirect(buffer.capacity() * 2);
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
        return fileName.endsWith(".sql") || fileName.equals("metadata.toml");
    }
}
