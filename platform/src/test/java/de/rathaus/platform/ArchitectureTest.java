package de.rathaus.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import de.rathaus.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** Platform is technical plumbing: it knows no component and no contract, and its packages form no cycle. */
class ArchitectureTest {

    private static final String BASE = "de.rathaus.platform";
    private static final JavaClasses CLASSES = ArchitectureRules.production(BASE);

    @Test
    void featuresFormNoCycle() {
        ArchitectureRules.featuresAreFreeOfCycles(BASE).check(CLASSES);
    }

    @Test
    void knowsNoComponentAndNoContract() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage(ArchitectureRules.COMPONENTS.stream().map(c -> c + "..").toArray(String[]::new))
                .orShould().dependOnClassesThat().resideInAPackage("de.rathaus.contracts..")
                .because("platform is shared plumbing, never domain code")
                .check(CLASSES);
    }

    @Test
    void testsAreNamedByHowTheyRun() {
        ArchitectureRules.testsAreNamedByHowTheyRun().check(ArchitectureRules.tests(BASE));
    }
}
