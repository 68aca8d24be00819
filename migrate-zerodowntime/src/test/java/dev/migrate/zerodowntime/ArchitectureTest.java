package dev.migrate.zerodowntime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.migrate.testing.ApiRules;
import org.junit.jupiter.api.Test;

/** The module stands on core's public API and SPI only, and keeps the layering rule of every module. */
class ArchitectureTest {
    private static final JavaClasses MODULE = ApiRules.mainClasses("dev.migrate.zerodowntime");

    @Test
    void uses_no_internal_class_of_core() {
        assertThat(MODULE).isNotEmpty();
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.migrate.internal..").check(MODULE);
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.migrate.analysis.internal..").check(MODULE);
    }

    @Test
    void only_the_policy_s_findings_touch_the_optional_analysis_so_the_module_loads_without_it() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.migrate.zerodowntime.internal.Findings")
                .should().dependOnClassesThat().resideInAPackage("dev.migrate.analysis..").check(MODULE);
    }

    @Test
    void public_signatures_expose_no_internal_type_and_only_the_api_package_is_exported() {
        ApiRules.noInternalTypeInPublicSignatures("dev.migrate.zerodowntime").check(MODULE);
        assertThat(ApiRules.exports(Backfill.class)).containsExactly("dev.migrate.zerodowntime");
    }
}
