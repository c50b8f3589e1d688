package de.rathaus.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The architecture rules every component checks in its {@code ArchitectureTest} (a plain unit test, so
 * {@code ./mvnw verify} fails on a broken rule):
 * <ul>
 *   <li>features (the packages directly below the component's base package) form no cycle;</li>
 *   <li>a component imports no other component (services and the gateway share only contracts and platform);</li>
 *   <li>domain classes are free of web, servlet, Spring MVC and Kafka types (those belong to adapters);</li>
 *   <li>controllers and Kafka listeners are package-private: nothing outside their feature calls them;</li>
 *   <li>test names say how a test runs: {@code *IT} starts Spring, a database or a broker (failsafe), {@code *Test}
 *       is a unit test (surefire); any other name would never run.</li>
 * </ul>
 * The base package is the component's root, e.g. {@code de.rathaus.payments}; the generated API
 * ({@code <base>.api}) counts as web.
 */
public final class ArchitectureRules {

    /** The base package of every deployable component. */
    public static final List<String> COMPONENTS = List.of("de.rathaus.applications", "de.rathaus.appointments",
            "de.rathaus.payments", "de.rathaus.notifications", "de.rathaus.gateway", "de.rathaus.portal");

    /** Types that only adapters (controllers, listeners, configuration, HTTP clients) may use. */
    static final String[] WEB_AND_KAFKA = {"org.springframework.web..", "org.springframework.http..",
            "jakarta.servlet..", "org.springframework.kafka..", "org.apache.kafka..", "io.cloudevents.kafka..",
            "reactor.netty..", "org.springframework.cloud.gateway.."};

    /** Simple-name endings of adapter classes: they translate between the outside world and the domain. */
    static final List<String> ADAPTER_SUFFIXES = List.of("Controller", "Listener", "Advice", "Configuration",
            "Filter", "Client", "Adapter", "Mapper", "MapperImpl");

    private static final Set<String> TEST_ANNOTATIONS = Set.of("org.junit.jupiter.api.Test",
            "org.junit.jupiter.params.ParameterizedTest", "org.junit.jupiter.api.RepeatedTest",
            "org.junit.jupiter.api.TestFactory", "net.jqwik.api.Property");

    private ArchitectureRules() {
    }

    /** The component's production classes (main output only, no jars). */
    public static JavaClasses production(String basePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
    }

    /** The component's test classes (test output only). */
    public static JavaClasses tests(String basePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages(basePackage);
    }

    /** No cycle between the feature packages {@code <base>.<feature>..}. */
    public static ArchRule featuresAreFreeOfCycles(String basePackage) {
        return slices().matching(basePackage + ".(*)..").namingSlices("feature $1")
                .should().beFreeOfCycles()
                .because("a feature depends on another only in one direction; a circle means a rule is in the wrong room");
    }

    /** The component imports no other component's code. */
    public static ArchRule importsNoOtherComponent(String basePackage) {
        String[] others = COMPONENTS.stream().filter(c -> !c.equals(basePackage)).map(c -> c + "..")
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(basePackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("each component stands alone and shares only contracts and platform plumbing");
    }

    /** Domain classes use no web, servlet, Spring MVC, gateway or Kafka type and not the generated web API. */
    public static ArchRule domainIsFreeOfWebAndKafka(String basePackage) {
        String[] forbidden = new String[WEB_AND_KAFKA.length + 2];
        System.arraycopy(WEB_AND_KAFKA, 0, forbidden, 0, WEB_AND_KAFKA.length);
        forbidden[WEB_AND_KAFKA.length] = basePackage + ".api..";
        forbidden[WEB_AND_KAFKA.length + 1] = basePackage + ".web..";
        return noClasses().that(domainOf(basePackage))
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("web and Kafka types belong to controllers, listeners and clients; the domain decides");
    }

    /** Controllers and classes with Kafka listener methods are not public. */
    public static ArchRule controllersAndListenersArePackagePrivate(String basePackage) {
        return classes().that().resideInAPackage(basePackage + "..").and(controllerOrListener())
                .should().notBePublic()
                .because("only the framework calls controllers and listeners; nothing else may depend on them")
                .allowEmptyShould(true);
    }

    /**
     * Concrete top-level test classes end in {@code IT} when they start Spring, PostgreSQL or a broker (failsafe runs
     * them in {@code verify}) and in {@code Test} otherwise (surefire): another name would never run.
     */
    public static ArchRule testsAreNamedByHowTheyRun() {
        return classes().that(concreteTopLevelTestClasses()).should(beNamedByHowTheyRun());
    }

    /** Every rule for a component at once, for its {@code ArchitectureTest}. */
    public static void checkComponent(String basePackage) {
        JavaClasses production = production(basePackage);
        featuresAreFreeOfCycles(basePackage).check(production);
        importsNoOtherComponent(basePackage).check(production);
        domainIsFreeOfWebAndKafka(basePackage).check(production);
        controllersAndListenersArePackagePrivate(basePackage).check(production);
        testsAreNamedByHowTheyRun().check(tests(basePackage));
    }

    /** Adapters: generated API, web packages, controllers, listeners, configuration, HTTP clients, the main class. */
    public static DescribedPredicate<JavaClass> adapter(String basePackage) {
        return DescribedPredicate.describe("adapters", c -> {
            JavaClass top = topLevel(c);
            String pkg = top.getPackageName();
            return inPackage(pkg, basePackage + ".api") || inPackage(pkg, basePackage + ".web")
                    || ADAPTER_SUFFIXES.stream().anyMatch(top.getSimpleName()::endsWith)
                    || top.isMetaAnnotatedWith("org.springframework.context.annotation.Configuration")
                    || top.isMetaAnnotatedWith("org.springframework.boot.autoconfigure.SpringBootApplication")
                    || controllerOrListener().test(top);
        });
    }

    /** {@code pkg} is {@code parent} or below it ({@code ...web} and {@code ...web.x}, not {@code ...webhooks}). */
    private static boolean inPackage(String pkg, String parent) {
        return pkg.equals(parent) || pkg.startsWith(parent + ".");
    }

    static DescribedPredicate<JavaClass> domainOf(String basePackage) {
        return DescribedPredicate.describe("are domain classes of " + basePackage,
                c -> c.getPackageName().startsWith(basePackage) && !adapter(basePackage).test(c));
    }

    static DescribedPredicate<JavaClass> controllerOrListener() {
        return DescribedPredicate.describe("are controllers or Kafka listeners", c ->
                c.isMetaAnnotatedWith("org.springframework.stereotype.Controller")
                        || c.isMetaAnnotatedWith("org.springframework.web.bind.annotation.ControllerAdvice")
                        || c.getMethods().stream().anyMatch(m ->
                        m.isMetaAnnotatedWith("org.springframework.kafka.annotation.KafkaListener")));
    }

    static DescribedPredicate<JavaClass> concreteTopLevelTestClasses() {
        return DescribedPredicate.describe("are concrete top-level test classes", c ->
                c.isTopLevelClass() && !c.getModifiers().contains(JavaModifier.ABSTRACT) && hasTests(c));
    }

    private static boolean hasTests(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getRawSuperclass().orElse(null)) {
            if (k.getMethods().stream().anyMatch(m -> TEST_ANNOTATIONS.stream().anyMatch(m::isMetaAnnotatedWith))) {
                return true;
            }
        }
        return false;
    }

    static boolean isIntegration(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getRawSuperclass().orElse(null)) {
            if (k.isMetaAnnotatedWith("org.springframework.boot.test.context.SpringBootTest")
                    || k.isMetaAnnotatedWith("org.springframework.kafka.test.context.EmbeddedKafka")
                    || k.getDirectDependenciesFromSelf().stream().anyMatch(d ->
                    d.getTargetClass().getName().equals(LocalPostgres.class.getName()))) {
                return true;
            }
        }
        return false;
    }

    private static ArchCondition<JavaClass> beNamedByHowTheyRun() {
        return new ArchCondition<>("be named *IT when they start Spring, PostgreSQL or a broker and *Test otherwise") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                boolean integration = isIntegration(c);
                String expected = integration ? "IT" : "Test";
                boolean ok = c.getSimpleName().endsWith(expected);
                events.add(new SimpleConditionEvent(c, ok, c.getName() + (integration
                        ? " starts Spring, PostgreSQL or a broker and must end in IT (failsafe)"
                        : " is a unit test and must end in Test (surefire)")));
            }
        };
    }

    private static JavaClass topLevel(JavaClass c) {
        Optional<JavaClass> enclosing = c.getEnclosingClass();
        return enclosing.map(ArchitectureRules::topLevel).orElse(c);
    }
}
