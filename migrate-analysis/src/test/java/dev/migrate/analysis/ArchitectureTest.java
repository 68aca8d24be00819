package dev.migrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.migrate.testing.ApiRules;
import org.junit.jupiter.api.Test;

/** migrate-analysis keeps core's layering rule: users see API types only, and only the API package is exported. */
class ArchitectureTest {
    private static final JavaClasses ANALYSIS = ApiRules.mainClasses("dev.migrate.analysis");

    @Test
    void public_signatures_of_api_types_expose_no_internal_type() {
        assertThat(ANALYSIS.stream().filter(c -> c.getPackageName().startsWith("dev.migrate.analysis.internal"))).isNotEmpty();
        ApiRules.noInternalTypeInPublicSignatures("dev.migrate.analysis").check(ANALYSIS);
    }

    @Test
    void the_module_exports_only_its_api_package() {
        assertThat(ApiRules.exports(Analyzer.class)).containsExactly("dev.migrate.analysis");
    }
}
