package dev.migrate.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The layering rule every module keeps, for its architecture test: no public signature of an API
 * type (a public class outside {@code ..internal..}, with every enclosing class public) names an
 * internal type, in a parameter, a return type, a field, a thrown exception, a type argument, a
 * supertype or a type bound. API classes may call internals; users only ever see API types.
 */
public final class ApiRules {
    private ApiRules() {
    }

    /** The main classes of the module under {@code basePackage}, from the class path (tests left out). */
    public static JavaClasses mainClasses(String basePackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(basePackage);
    }

    /** The packages that the module holding {@code member} exports, read from its {@code module-info.class}. */
    public static Set<String> exports(Class<?> member) {
        try {
            Path classes = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in).exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot read the module descriptor beside " + member.getName(), e);
        }
    }

    /** The rule, for the API classes under {@code basePackage}. */
    public static ArchRule noInternalTypeInPublicSignatures(String basePackage) {
        return classes().that().resideInAPackage(basePackage + "..").and().resideOutsideOfPackage("..internal..")
                .should(new ArchCondition<>("expose no internal type in a public signature") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        if (!visible(type)) {
                            return;
                        }
                        for (String leak : leaks(type)) {
                            events.add(SimpleConditionEvent.violated(type, leak));
                        }
                    }
                });
    }

    private static boolean visible(JavaClass type) {
        for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
            if (!c.getModifiers().contains(JavaModifier.PUBLIC) || c.isAnonymousClass() || c.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> leaks(JavaClass type) {
        List<String> leaks = new ArrayList<>();
        Set<JavaClass> supertypes = new LinkedHashSet<>();
        type.getSuperclass().ifPresent(t -> supertypes.addAll(t.getAllInvolvedRawTypes()));
        type.getInterfaces().forEach(t -> supertypes.addAll(t.getAllInvolvedRawTypes()));
        type.getTypeParameters().forEach(p -> supertypes.addAll(p.getAllInvolvedRawTypes()));
        for (JavaClass t : supertypes) {
            if (internal(t)) {
                leaks.add(type.getName() + " extends or is bounded by " + t.getName());
            }
        }
        for (JavaMember member : type.getMembers()) {
            if (!member.getModifiers().contains(JavaModifier.PUBLIC) && !member.getModifiers().contains(JavaModifier.PROTECTED)) {
                continue;
            }
            Set<JavaClass> involved = new LinkedHashSet<>();
            if (member instanceof JavaField field) {
                involved.addAll(field.getType().getAllInvolvedRawTypes());
            } else if (member instanceof JavaCodeUnit unit) {
                involved.addAll(unit.getReturnType().getAllInvolvedRawTypes());
                for (JavaType parameter : unit.getParameterTypes()) {
                    involved.addAll(parameter.getAllInvolvedRawTypes());
                }
                unit.getThrowsClause().getTypes().forEach(t -> involved.add(t));
                unit.getTypeParameters().forEach(p -> involved.addAll(p.getAllInvolvedRawTypes()));
            }
            for (JavaClass t : involved) {
                if (internal(t)) {
                    leaks.add(member.getFullName() + " exposes " + t.getName());
                }
            }
        }
        return leaks;
    }

    private static boolean internal(JavaClass t) {
        JavaClass base = t;
        while (base.isArray()) {
            base = base.getComponentType();
        }
        return base.getPackageName().contains(".internal");
    }
}
