package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.migrate.testing.ApiRules;
import org.junit.jupiter.api.Test;

/** The published surface stands on its own: no public signature exposes an internal type, and only API packages are exported. */
class ArchitectureTest {
    private static final JavaClasses CORE = ApiRules.mainClasses("dev.migrate");

    @Test
    void public_signatures_of_api_types_expose_no_internal_type() {
        assertThat(CORE.stream().filter(c -> c.getPackageName().startsWith("dev.migrate.internal"))).isNotEmpty();
        ApiRules.noInternalTypeInPublicSignatures("dev.migrate").check(CORE);
    }

    @Test
    void the_module_exports_only_api_packages() {
        assertThat(ApiRules.exports(Migrator.class))
                .containsExactlyInAnyOrder("dev.migrate", "dev.migrate.spi", "dev.migrate.schema", "dev.migrate.sql");
    }
}
