package de.rathaus.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import de.rathaus.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The gateway's features form no cycle, import no service, and its tests are named by how they run. */
class ArchitectureTest {

    private static final String BASE = "de.rathaus.gateway";
    private static final JavaClasses CLASSES = ArchitectureRules.production(BASE);

    @Test
    void featuresFormNoCycle() {
        ArchitectureRules.featuresAreFreeOfCycles(BASE).check(CLASSES);
    }

    @Test
    void importsNoOtherComponent() {
        ArchitectureRules.importsNoOtherComponent(BASE).check(CLASSES);
    }

    @Test
    void controllersArePackagePrivate() {
        ArchitectureRules.controllersAndListenersArePackagePrivate(BASE).check(CLASSES);
    }

    @Test
    void testsAreNamedByHowTheyRun() {
        ArchitectureRules.testsAreNamedByHowTheyRun().check(ArchitectureRules.tests(BASE));
    }
}
