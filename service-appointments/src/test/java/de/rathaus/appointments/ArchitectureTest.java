package de.rathaus.appointments;

import static com.tngtech.archunit.base.DescribedPredicate.not;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import de.rathaus.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The architecture rules of every component (see {@link ArchitectureRules}), checked on this service's classes. */
class ArchitectureTest {

    private static final String BASE = "de.rathaus.appointments";
    /**
     * MapStruct's generated implementations of the {@code *Mapper} interfaces (and their nested classes). The rules
     * recognise adapters by name and count a {@code *Mapper} as one, but not the {@code *MapperImpl} generated from
     * it, which translates the same web DTOs; generated code is nothing to fix, so it is left out here.
     */
    private static final DescribedPredicate<JavaClass> GENERATED_MAPPERS = DescribedPredicate.describe(
            "MapStruct implementations of mappers", c -> c.getName().replaceFirst("\\$.*", "").endsWith("MapperImpl"));
    private static final JavaClasses CLASSES = ArchitectureRules.production(BASE).that(not(GENERATED_MAPPERS));

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
