package de.rathaus.notifications;

import com.tngtech.archunit.core.domain.JavaClasses;
import de.rathaus.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The architecture rules of every component (see {@link ArchitectureRules}), checked on each build. */
class ArchitectureTest {

    private static final String BASE = "de.rathaus.notifications";
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
    void domainIsFreeOfWebAndKafka() {
        ArchitectureRules.domainIsFreeOfWebAndKafka(BASE).check(CLASSES);
    }

    @Test
    void controllersAndListenersArePackagePrivate() {
        ArchitectureRules.controllersAndListenersArePackagePrivate(BASE).check(CLASSES);
    }

    @Test
    void testsAreNamedByHowTheyRun() {
        ArchitectureRules.testsAreNamedByHowTheyRun().check(ArchitectureRules.tests(BASE));
    }
}
