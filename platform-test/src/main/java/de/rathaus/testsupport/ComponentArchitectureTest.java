package de.rathaus.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The {@link ArchitectureRules} checked on one component: a service's {@code ArchitectureTest} extends this and names
 * its base package. A component without a domain of its own (the gateway) turns {@link #hasDomain()} off.
 */
public abstract class ComponentArchitectureTest {

    private final String base;
    private final JavaClasses classes;

    protected ComponentArchitectureTest(String basePackage) {
        this.base = basePackage;
        this.classes = ArchitectureRules.production(basePackage);
    }

    /** False for a component that is all adapters (the gateway's filters and handlers are web by nature). */
    protected boolean hasDomain() {
        return true;
    }

    @Test
    void featuresFormNoCycle() {
        ArchitectureRules.featuresAreFreeOfCycles(base).check(classes);
    }

    @Test
    void importsNoOtherComponent() {
        ArchitectureRules.importsNoOtherComponent(base).check(classes);
    }

    @Test
    void domainIsFreeOfWebAndKafka() {
        if (hasDomain()) {
            ArchitectureRules.domainIsFreeOfWebAndKafka(base).check(classes);
        }
    }

    @Test
    void controllersAndListenersArePackagePrivate() {
        ArchitectureRules.controllersAndListenersArePackagePrivate(base).check(classes);
    }

    @Test
    void testsAreNamedByHowTheyRun() {
        ArchitectureRules.testsAreNamedByHowTheyRun().check(ArchitectureRules.tests(base));
    }
}
