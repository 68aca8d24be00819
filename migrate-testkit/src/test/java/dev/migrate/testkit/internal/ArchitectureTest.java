package dev.migrate.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testkit.DatabaseProvider;
import dev.migrate.testkit.ColumnAssert;
import dev.migrate.testkit.ForeignKeyAssert;
import dev.migrate.testkit.IndexAssert;
import dev.migrate.testkit.Isolation;
import dev.migrate.testkit.MigrateAssertions;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.MigrationScenario;
import dev.migrate.testkit.MigrationsAssert;
import dev.migrate.testkit.SchemaAssert;
import dev.migrate.testkit.TableAssert;
import dev.migrate.testkit.TestDatabase;
import dev.migrate.testkit.TestDatabaseUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The published surface exposes no internals, and only one class may load Testcontainers. */
class ArchitectureTest {
    private static final List<Class<?>> API = List.of(DatabaseProvider.class, Isolation.class, MigrateExtension.class,
            TestDatabase.class, TestDatabaseUnavailableException.class, MigrateAssertions.class, SchemaAssert.class,
            TableAssert.class, ColumnAssert.class, IndexAssert.class, ForeignKeyAssert.class, MigrationsAssert.class,
            MigrationScenario.class);

    @Test
    void public_signatures_of_api_types_expose_no_internal_type() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : API) {
            List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
            members.addAll(List.of(type.getDeclaredConstructors()));
            for (Executable member : members) {
                if (!Modifier.isPublic(member.getModifiers())) {
                    continue;
                }
                List<Type> types = new ArrayList<>(List.of(member.getGenericParameterTypes()));
                if (member instanceof java.lang.reflect.Method m) {
                    types.add(m.getGenericReturnType());
                }
                types.stream().filter(t -> t.getTypeName().contains(".internal."))
                        .forEach(t -> leaks.add(type.getSimpleName() + "." + member.getName() + ": " + t.getTypeName()));
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void only_testcontainers_server_refers_to_testcontainers_classes() throws IOException, URISyntaxException {
        Path classes = Path.of(MigrateExtension.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/migrate/testkit"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (name.startsWith("dev/migrate/testkit/internal/TestcontainersServer")) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("org/testcontainers/")) {
                        offenders.add(name);
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }
}
