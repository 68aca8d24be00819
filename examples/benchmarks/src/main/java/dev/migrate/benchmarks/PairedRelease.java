package dev.migrate.benchmarks;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * This build of migrate-core against another (the previous main), paired in one JVM: each jar in a
 * class loader of its own, raw JDBC as the floor, run in shuffled triples on new databases, so that
 * the machine's drift cancels within each triple. Then the no-op restart, warm (alternating calls)
 * and cold (child JVMs, alternating). Both jars are driven by the same reflective calls
 * ({@code Migrator.configure().dataSource(..).locations(Location.directory(..)).build().migrate()}),
 * which every release so far has.
 *
 * <p>{@code -Dprevious=<jar>} (required), {@code -Dcurrent=<jar>} (default: the migrate-core on the
 * class path), {@code -Dsizes=10,100,1000}, {@code -Dtriples=31,15,5}, {@code -Dnoop=30},
 * {@code -DcoldRuns=9}; the report goes to the first argument.
 */
public final class PairedRelease {
    private static final long SEED = 20_261_124L;
    private static final String COLD_CHILD = "--cold-child";

    private final EmbeddedServer server;
    private final Release current;
    private final Release previous;
    private final Contender jdbc = new JdbcContender();
    private final Random shuffle = new Random(SEED);

    private PairedRelease(EmbeddedServer server, Release current, Release previous) {
        this.server = server;
        this.current = current;
        this.previous = previous;
    }

    public static void main(String[] args) throws Exception {
        Quiet.apply();
        if (args.length > 0 && args[0].equals(COLD_CHILD)) {
            coldChild(args);
            return;
        }
        Path previousJar = Path.of(required("previous"));
        Path currentJar = Path.of(System.getProperty("current",
                Path.of(Class.forName("dev.migrate.Migrator").getProtectionDomain().getCodeSource().getLocation().toURI()).toString()));
        List<Integer> sizes = ints(System.getProperty("sizes", "10,100,1000"));
        List<Integer> triples = ints(System.getProperty("triples", "31,15,5"));
        int noopRuns = Integer.getInteger("noop", 30);
        int coldRuns = Integer.getInteger("coldRuns", 9);
        Path work = Files.createTempDirectory("migrate-paired");
        StringBuilder report = new StringBuilder();
        try (EmbeddedServer server = EmbeddedServer.start(false)) {
            PairedRelease run = new PairedRelease(server, Release.of("current", currentJar), Release.of("previous", previousJar));
            report.append("This build (").append(currentJar.getFileName()).append(") against ").append(previousJar)
                    .append(", PostgreSQL ").append(server.version()).append(", Java ").append(System.getProperty("java.version"))
                    .append("\n\n| N | triples | current / previous | current / raw JDBC | previous / raw JDBC |\n|---|---:|---:|---:|---:|\n");
            MigrationSet largest = null;
            for (int i = 0; i < sizes.size(); i++) {
                MigrationSet set = MigrationGenerator.generate(work, sizes.get(i), SEED);
                largest = set;
                report.append(run.apply(set, triples.get(Math.min(i, triples.size() - 1))));
            }
            report.append("\nNo-op restart (N = ").append(largest.size()).append(", nothing pending, a new Migrator per call):\n\n")
                    .append(run.noop(largest, noopRuns)).append(run.cold(largest, coldRuns, currentJar, previousJar));
        } finally {
            Benchmarks.deleteTree(work);
        }
        System.out.println(report);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), report, StandardCharsets.UTF_8);
        }
    }

    /** Shuffled triples (current, previous, raw JDBC) of applying {@code set} to a new database. */
    private String apply(MigrationSet set, int count) throws Exception {
        List<Contender> three = List.of(current, previous, jdbc);
        for (Contender c : three) {
            timedApply(c, set); // untimed: warms each up
        }
        Map<Contender, List<Long>> nanos = new LinkedHashMap<>();
        for (int t = 0; t < count; t++) {
            List<Contender> order = new ArrayList<>(three);
            Collections.shuffle(order, shuffle);
            for (Contender c : order) {
                nanos.computeIfAbsent(c, k -> new ArrayList<>()).add(timedApply(c, set));
            }
        }
        Samples cur = new Samples(nanos.get(current));
        Samples prev = new Samples(nanos.get(previous));
        Samples floor = new Samples(nanos.get(jdbc));
        Benchmarks.progress("N=%d: current %.1f ms, previous %.1f ms, jdbc %.1f ms (medians)", set.size(), cur.medianMillis(),
                prev.medianMillis(), floor.medianMillis());
        return String.format(Locale.ROOT, "| %d | %d | %.3f | %.3f | %.3f |%n", set.size(), count, cur.pairedRatio(prev),
                cur.pairedRatio(floor), prev.pairedRatio(floor));
    }

    private long timedApply(Contender c, MigrationSet set) throws Exception {
        String database = server.createDatabase();
        try {
            long start = System.nanoTime();
            int applied = c.migrate(server.dataSource(database), set.directory());
            long elapsed = System.nanoTime() - start;
            if (applied != set.size() && applied != -1) {
                throw new IllegalStateException(c.label() + " applied " + applied + " of " + set.size());
            }
            return elapsed;
        } finally {
            server.dropDatabase(database);
        }
    }

    /** Alternating no-op calls, each release on a database it migrated itself. */
    private String noop(MigrationSet set, int runs) throws Exception {
        String curDb = server.createDatabase();
        String prevDb = server.createDatabase();
        try {
            DataSource curDs = server.dataSource(curDb);
            DataSource prevDs = server.dataSource(prevDb);
            current.migrate(curDs, set.directory());
            previous.migrate(prevDs, set.directory());
            List<Long> cur = new ArrayList<>();
            List<Long> prev = new ArrayList<>();
            for (int i = 0; i < 2 * runs; i++) {
                long a = noopOnce(current, curDs, set);
                long b = noopOnce(previous, prevDs, set);
                if (i >= runs) { // the first half warms up
                    cur.add(a);
                    prev.add(b);
                }
            }
            Samples c = new Samples(cur);
            Samples p = new Samples(prev);
            return String.format(Locale.ROOT, "- warm: current %.1f ms (min %.1f), previous %.1f ms (min %.1f), paired ratio %.3f%n",
                    c.medianMillis(), c.minMillis(), p.medianMillis(), p.minMillis(), c.pairedRatio(p));
        } finally {
            server.dropDatabase(curDb);
            server.dropDatabase(prevDb);
        }
    }

    private static long noopOnce(Release release, DataSource ds, MigrationSet set) throws Exception {
        long start = System.nanoTime();
        int applied = release.migrate(ds, set.directory());
        long elapsed = System.nanoTime() - start;
        if (applied != 0) {
            throw new IllegalStateException(release.label() + " applied " + applied + " on a no-op run");
        }
        return elapsed;
    }

    /** Child JVMs, alternating, each running one no-op migrate with one of the jars on its class path. */
    private String cold(MigrationSet set, int runs, Path currentJar, Path previousJar) throws Exception {
        if (runs <= 0) {
            return "";
        }
        String curDb = server.createDatabase();
        String prevDb = server.createDatabase();
        try {
            current.migrate(server.dataSource(curDb), set.directory());
            previous.migrate(server.dataSource(prevDb), set.directory());
            List<Long> cur = new ArrayList<>();
            List<Long> prev = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                cur.add(child(currentJar, curDb, set));
                prev.add(child(previousJar, prevDb, set));
            }
            Samples c = new Samples(cur);
            Samples p = new Samples(prev);
            return String.format(Locale.ROOT, "- cold, in a new JVM (%d each, from main to the end of the call): current %.0f ms"
                    + " (min %.0f), previous %.0f ms (min %.0f), paired ratio %.3f%n", runs, c.medianMillis(), c.minMillis(),
                    p.medianMillis(), p.minMillis(), c.pairedRatio(p));
        } finally {
            server.dropDatabase(curDb);
            server.dropDatabase(prevDb);
        }
    }

    private long child(Path jar, String database, MigrationSet set) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        Process p = new ProcessBuilder(java, "-cp", classPath, PairedRelease.class.getName(), COLD_CHILD, jar.toString(),
                server.url(database), EmbeddedServer.USER, "", set.directory().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("the cold child failed:\n" + out);
        }
        for (String line : out.split("\n")) {
            if (line.startsWith(ColdStart.PREFIX)) {
                return Long.parseLong(line.substring(ColdStart.PREFIX.length()).strip());
            }
        }
        throw new IllegalStateException("the cold child printed no time:\n" + out);
    }

    /** In the child: one no-op migrate with the given jar, timed from the start of main. */
    private static void coldChild(String[] args) throws Exception {
        long start = System.nanoTime();
        Release release = Release.of("child", Path.of(args[1]));
        int applied = release.migrate(EmbeddedServer.dataSource(args[2], args[3], args[4]), Path.of(args[5]));
        long elapsed = System.nanoTime() - start;
        if (applied != 0) {
            throw new IllegalStateException("applied " + applied + " on a no-op run");
        }
        System.out.println(ColdStart.PREFIX + elapsed);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("-D" + property + "=<migrate-core jar> is required");
        }
        return value;
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(Integer.parseInt(s.strip()));
        }
        return out;
    }

    /** One migrate-core jar in a class loader of its own, driven by reflection. */
    private static final class Release implements Contender {
        private final String label;
        private final ClassLoader loader;
        private final Method configure;
        private final Method directory;
        private final Class<?> locationArray;

        private Release(String label, ClassLoader loader) throws ReflectiveOperationException {
            this.label = label;
            this.loader = loader;
            Class<?> migrator = Class.forName("dev.migrate.Migrator", true, loader);
            Class<?> location = Class.forName("dev.migrate.Location", true, loader);
            this.configure = migrator.getMethod("configure");
            this.directory = location.getMethod("directory", Path.class);
            this.locationArray = Array.newInstance(location, 0).getClass();
        }

        static Release of(String label, Path jar) throws IOException, ReflectiveOperationException {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(jar + " is not a migrate-core jar");
            }
            return new Release(label, new OwnJar(jar.toUri().toURL(), PairedRelease.class.getClassLoader()));
        }

        @Override
        public String id() {
            return label;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public int migrate(DataSource dataSource, Path dir) throws Exception {
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                Object builder = configure.invoke(null);
                builder = call(builder, "dataSource", new Class<?>[] {DataSource.class}, dataSource);
                Object locations = Array.newInstance(locationArray.getComponentType(), 1);
                Array.set(locations, 0, directory.invoke(null, dir));
                builder = call(builder, "locations", new Class<?>[] {locationArray}, locations);
                try (AutoCloseable migrator = (AutoCloseable) call(builder, "build", new Class<?>[0])) {
                    Object result = call(migrator, "migrate", new Class<?>[0]);
                    return (Integer) call(result, "count", new Class<?>[0]);
                }
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } finally {
                thread.setContextClassLoader(before);
            }
        }

        private static Object call(Object target, String name, Class<?>[] types, Object... args) throws ReflectiveOperationException {
            return target.getClass().getMethod(name, types).invoke(target, args);
        }
    }

    /**
     * Loads migrate-core's classes and service files from its own jar only, everything else (slf4j,
     * pgjdbc) from the parent, so two releases of core live side by side.
     */
    private static final class OwnJar extends URLClassLoader {
        OwnJar(URL jar, ClassLoader parent) {
            super(new URL[] {jar}, parent);
        }

        private static boolean own(String name) {
            return name.startsWith("dev.migrate.") && !name.startsWith("dev.migrate.benchmarks.");
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!own(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            return name.startsWith("META-INF/services/dev.migrate.") ? findResource(name) : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.startsWith("META-INF/services/dev.migrate.") ? findResources(name) : super.getResources(name);
        }
    }
}
