package dev.migrate.testkit.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only class that touches Testcontainers, and only by reflection: Testcontainers 2.0's jars
 * split the package {@code org.testcontainers.containers} between {@code testcontainers} and
 * {@code testcontainers-postgresql}, so they cannot be modules, and a named module such as this
 * one cannot refer to their types. {@link Containers} calls it after checking that Testcontainers
 * is on the class path; every method it uses is looked up before the container is made, so a
 * Testcontainers without them fails at once, saying which.
 */
final class TestcontainersServer {
    private static final Logger LOG = LoggerFactory.getLogger(TestcontainersServer.class);
    static final String CONTAINER_CLASS = "org.testcontainers.postgresql.PostgreSQLContainer";
    private static final String IMAGE_NAME_CLASS = "org.testcontainers.utility.DockerImageName";
    private static final String FACTORY_CLASS = "org.testcontainers.DockerClientFactory";

    private TestcontainersServer() {
    }

    static boolean dockerAvailable() {
        Class<?> factory = type(FACTORY_CLASS);
        return (Boolean) invoke(method(factory, "isDockerAvailable"), invoke(method(factory, "instance"), null));
    }

    /**
     * A container for {@code image}, configured and not started (making one needs no Docker), and
     * the methods {@link #start} calls on it.
     */
    static Container create(String image) {
        Class<?> imageName = type(IMAGE_NAME_CLASS);
        Class<?> type = type(CONTAINER_CLASS);
        Object name = invoke(method(imageName, "asCompatibleSubstituteFor", String.class),
                invoke(method(imageName, "parse", String.class), null, image), "postgres");
        Object container;
        try {
            container = type.getConstructor(imageName).newInstance(name);
        } catch (ReflectiveOperationException e) {
            throw unusable(CONTAINER_CLASS + "(DockerImageName)", e);
        }
        // A throwaway server: durability buys nothing and slows every CREATE DATABASE.
        invoke(method(type, "withCommand", String[].class), container,
                (Object) new String[] {"postgres", "-c", "fsync=off", "-c", "max_connections=200"});
        return new Container(container, method(type, "start"), method(type, "stop"), method(type, "getContainerId"),
                method(type, "getJdbcUrl"), method(type, "getUsername"), method(type, "getPassword"));
    }

    static ContainerAddress start(String image) {
        long start = System.nanoTime();
        Container c = create(image);
        c.call(c.start);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> c.call(c.stop), "migrate-testkit-container-stop"));
        String id = (String) c.call(c.containerId);
        ContainerAddress address = new ContainerAddress((String) c.call(c.jdbcUrl), (String) c.call(c.username),
                (String) c.call(c.password), id.length() > 12 ? id.substring(0, 12) : id);
        LOG.info("PostgreSQL container {} ({}) started in {} ms", address.containerId(), image,
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        return address;
    }

    /** A PostgreSQLContainer and the methods the testkit calls on it. */
    record Container(Object container, Method start, Method stop, Method containerId, Method jdbcUrl, Method username,
                     Method password) {
        Object call(Method m) {
            return invoke(m, container);
        }
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name, true, TestcontainersServer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw unusable(name, e);
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw unusable(type.getName() + "." + name, e);
        }
    }

    private static Object invoke(Method m, Object target, Object... arguments) {
        try {
            return m.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(m.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw unusable(m.getDeclaringClass().getName() + "." + m.getName(), e);
        }
    }

    private static IllegalStateException unusable(String what, Exception e) {
        return new IllegalStateException("This Testcontainers has no " + what + " (the testkit works with"
                + " org.testcontainers:testcontainers-postgresql 2.0.x)", e);
    }
}
