package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The published surface stands on its own: API packages neither import nor expose internals. */
class ArchitectureTest {
    private static final Path API_SOURCES = Path.of("src", "main", "java", "dev", "migrate");

    private static List<Path> apiSources() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(API_SOURCES, API_SOURCES.resolve("spi"), API_SOURCES.resolve("schema"))) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void api_sources_never_mention_internal_packages() throws IOException {
        List<Path> sources = apiSources();
        assertThat(sources).hasSizeGreaterThan(20);
        for (Path source : sources) {
            assertThat(Files.readString(source)).as(source.toString()).doesNotContain("dev.migrate.internal");
        }
    }

    @Test
    void public_signatures_of_api_types_expose_no_internal_type() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Path source : apiSources()) {
            String pkg = "dev.migrate." + (source.getParent().endsWith("spi") ? "spi." : source.getParent().endsWith("schema") ? "schema." : "");
            String name = source.getFileName().toString().replace(".java", "");
            if (name.equals("package-info")) {
                continue;
            }
            check(Class.forName(pkg + name), leaks);
        }
        assertThat(leaks).isEmpty();
    }

    private static void check(Class<?> type, List<String> leaks) {
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers())) {
                inspect(type, m, m.getGenericReturnType(), leaks);
                inspectParameters(type, m, leaks);
            }
        }
        for (var c : type.getDeclaredConstructors()) {
            if (Modifier.isPublic(c.getModifiers())) {
                inspectParameters(type, c, leaks);
            }
        }
        if (type.isRecord()) {
            for (RecordComponent rc : type.getRecordComponents()) {
                inspect(type, rc.getAccessor(), rc.getGenericType(), leaks);
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            if (Modifier.isPublic(nested.getModifiers())) {
                check(nested, leaks);
            }
        }
    }

    private static void inspectParameters(Class<?> owner, Executable e, List<String> leaks) {
        for (Type t : e.getGenericParameterTypes()) {
            inspect(owner, e, t, leaks);
        }
    }

    private static void inspect(Class<?> owner, Object member, Type type, List<String> leaks) {
        if (type.getTypeName().contains(".internal.")) {
            leaks.add(owner.getName() + " " + member + " exposes " + type.getTypeName());
        }
    }
}
