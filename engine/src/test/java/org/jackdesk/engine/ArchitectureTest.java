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
    void realtimeCodeUsesNoVarHandleBackedAtomics() {
        // The array atomics, AtomicBoolean and AtomicReference go through a VarHandle: the first call
        // of each access mode links its call site on the calling thread (RtaTap's arrays allocated
        // 1 424 and 1 952 bytes on the audio thread when an analyser first opened), and the invoker
        // may be re-spun later. AtomicInteger and AtomicLong use Unsafe. Control-side classes (the
        // JACK backend's worker, MIDI's setup) are outside these packages or named here.
        noClasses().that().resideInAnyPackage("org.jackdesk.engine", "org.jackdesk.engine.dsp..", "org.jackdesk.engine.mix..",
                        "org.jackdesk.engine.fx..", "org.jackdesk.engine.rta..", "org.jackdesk.engine.master..",
                        "org.jackdesk.engine.record..", "org.jackdesk.engine.play..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.atomic.AtomicIntegerArray")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.atomic.AtomicLongArray")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.atomic.AtomicReferenceArray")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.atomic.AtomicBoolean")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.atomic.AtomicReference")
                .check(engine);
    }

    @Test
    void noAbstractClassLeavesAnInterfaceMethodUndeclared() {
        // Such a class gets a JVM-made "overpass" method whose message literal no class file has
        // (EngineFeed did: 112 bytes on the JACK thread). RealtimeLiterals now computes and interns
        // those texts (it must: JCTools' classes have them), and the engine's own classes keep the
        // plain rule: redeclared, the method leaves nothing to compute.
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
