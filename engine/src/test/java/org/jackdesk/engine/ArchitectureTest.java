package org.jackdesk.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine's own code imports no Vert.x and no Jackson, nothing in it logs, and every backend
 * prepares its real-time thread's literals.
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
}
