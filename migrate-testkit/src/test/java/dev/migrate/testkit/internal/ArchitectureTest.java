package dev.migrate.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.migrate.testing.ApiRules;
import dev.migrate.testkit.MigrateExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The testkit keeps core's layering rule, exports its API package only, and only one class may load Testcontainers. */
class ArchitectureTest {
    private static final JavaClasses TESTKIT = ApiRules.mainClasses("dev.migrate.testkit");

    @Test
    void public_signatures_of_api_types_expose_no_internal_type() {
        assertThat(TESTKIT.stream().filter(c -> c.getPackageName().startsWith("dev.migrate.testkit.internal"))).isNotEmpty();
        ApiRules.noInternalTypeInPublicSignatures("dev.migrate.testkit").check(TESTKIT);
    }

    @Test
    void the_module_exports_only_its_api_package() {
        assertThat(ApiRules.exports(MigrateExtension.class)).containsExactly("dev.migrate.testkit");
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
