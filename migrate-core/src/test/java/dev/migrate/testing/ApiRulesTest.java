package dev.migrate.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

class ApiRulesTest {

    @Test
    void names_each_public_member_that_exposes_an_internal_type_and_no_other() {
        var classes = new ClassFileImporter().importPackages("dev.migrate.testing.fixture");
        assertThatThrownBy(() -> ApiRules.noInternalTypeInPublicSignatures("dev.migrate.testing.fixture").check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Leaky.returned()")
                .hasMessageContaining("Leaky.parameter(java.util.List)")
                .hasMessageContaining("Leaky.typeArgument()")
                .hasMessageContaining("Nested.array()")
                .message().doesNotContain("usesInside").doesNotContain("privateIsFine");
    }
}
