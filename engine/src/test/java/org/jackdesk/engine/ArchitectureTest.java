package org.jackdesk.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's own code imports no Vert.x and no Jackson, nothing in it logs, and every backend
 * prepares its real-time thread's literals, and no abstract class gets a JVM-made literal.
 */
class ArchitectureTest {
    private final JavaClasses engine = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.jackdesk.engine");

    @Test
    void engineDependsOnNoVertxAndNoJackson() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "com.fasterxml.jackson..")
                .check(engine);
    }

    @Test
    void dspAndMixCodeNeverLogsOrPrints() {
        noClasses().that().resideInAnyPackage("org.jackdesk.engine.dsp..", "org.jackdesk.engine.mix..")
                .should().dependOnClassesThat().resideInAnyPackage("java.util.logging..", "org.slf4j..", "java.lang.System.Logger")
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(engine);
    }

    @Test
    void everyBackendInternsTheRealtimeLiteralsBeforeItsThreadRuns() {
        // Without it the backend's thread allocates whenever it requests a C2 compilation (see RealtimeLiterals).
        classes().that().implement(org.jackdesk.engine.jack.AudioBackend.class)
                .should().callMethod(RealtimeLiterals.class, "prepare")
                .check(engine);
    }

    @Test
    void noAbstractClassLeavesAnInterfaceMethodUndeclared() {
        // Such a class gets a JVM-made "overpass" method whose message literal no class file has,
        // so RealtimeLiterals cannot intern it (EngineFeed did: 112 bytes on the JACK thread).
        List<String> offenders = new ArrayList<>();
        int abstractClasses = 0;
        for (JavaClass c : engine) {
            if (c.isInterface() || !c.getModifiers().contains(JavaModifier.ABSTRACT)) continue;
            abstractClasses++;
            for (JavaClass i : c.getAllRawInterfaces()) {
                for (JavaMethod m : i.getMethods()) {
                    if (!m.getModifiers().contains(JavaModifier.ABSTRACT)) continue; // default or static
                    String[] params = m.getRawParameterTypes().stream().map(JavaClass::getName).toArray(String[]::new);
                    boolean declared = c.getClassHierarchy().stream().anyMatch(k -> k.tryGetMethod(m.getName(), params).isPresent());
                    if (!declared) offenders.add(c.getName() + " leaves " + i.getSimpleName() + "." + m.getName() + " undeclared");
                }
            }
        }
        assertTrue(abstractClasses > 0, "no abstract class imported: the rule proves nothing");
        assertTrue(offenders.isEmpty(), "redeclare these abstract (see RealtimeLiterals): " + offenders);
    }
}
